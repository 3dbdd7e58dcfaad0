package com.labelpush.labelapi.label;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No label has the requested id (it never existed or was deleted). */
class LabelNotFound extends ErrorResponseException {

	LabelNotFound(UUID id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(UUID id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No label with id " + id);
		problem.setTitle("Label not found");
		return problem;
	}

}
