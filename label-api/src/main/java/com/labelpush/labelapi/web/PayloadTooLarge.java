package com.labelpush.labelapi.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The request body is larger than {@code labels.web.max-body-size}. */
class PayloadTooLarge extends ErrorResponseException {

	PayloadTooLarge(long maxBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE, problem(maxBytes), null);
	}

	private static ProblemDetail problem(long maxBytes) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"Request body is larger than the limit of " + maxBytes + " bytes");
		problem.setTitle("Request body too large");
		problem.setProperty("maxBytes", maxBytes);
		return problem;
	}

}
