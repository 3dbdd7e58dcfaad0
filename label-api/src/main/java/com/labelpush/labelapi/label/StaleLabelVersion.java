package com.labelpush.labelapi.label;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An {@code If-Match} named a version other than the label's current one. */
class StaleLabelVersion extends ErrorResponseException {

	StaleLabelVersion(UUID id, long expected, long current) {
		super(HttpStatus.PRECONDITION_FAILED, problem(id, expected, current), null);
	}

	private static ProblemDetail problem(UUID id, long expected, long current) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED, "Label " + id
				+ " is at version " + current + ", not " + expected + "; reload it and apply the change again");
		problem.setTitle("Stale label version");
		problem.setProperty("currentVersion", current);
		return problem;
	}

}
