package com.labelpush.gateway.security;

import org.springframework.http.HttpStatus;

/** A client token that does not open the camera asked for, and why. */
public class TokenRefused extends Exception {

	private final HttpStatus status;

	private final String reason;

	TokenRefused(HttpStatus status, String reason, String message) {
		super(message, null, false, false);
		this.status = status;
		this.reason = reason;
	}

	/**
	 * The handshake's answer.
	 * @return 401 for a missing or invalid token, 403 for another camera's, 503 when the
	 * keys to check it could not be fetched
	 */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * For metrics and logs.
	 * @return a short tag such as {@code invalid_token}
	 */
	public String reason() {
		return this.reason;
	}

}
