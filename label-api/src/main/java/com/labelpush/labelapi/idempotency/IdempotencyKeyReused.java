package com.labelpush.labelapi.idempotency;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A client sent an {@code Idempotency-Key} it had already used for a different request.
 */
public class IdempotencyKeyReused extends ErrorResponseException {

	IdempotencyKeyReused(String key) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, problem(key), null);
	}

	private static ProblemDetail problem(String key) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"Idempotency-Key '" + key + "' was already used for a different request; use a new key per request");
		problem.setTitle("Idempotency key reused");
		return problem;
	}

}
