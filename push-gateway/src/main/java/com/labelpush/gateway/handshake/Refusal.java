package com.labelpush.gateway.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;

/** Refuses a handshake with an HTTP status and an RFC 9457 problem body. */
final class Refusal {

	/**
	 * With the charset spelled out: WebSocketSharp fails on a problem+json body without
	 * one.
	 */
	static final MediaType PROBLEM_JSON = new MediaType(MediaType.APPLICATION_PROBLEM_JSON, StandardCharsets.UTF_8);

	private Refusal() {
	}

	/**
	 * Writes the refusal.
	 * @return {@code false}, for a {@code HandshakeInterceptor} to return
	 */
	static boolean write(ServerHttpResponse response, HttpStatus status, String detail) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(PROBLEM_JSON);
		String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
				+ status.value() + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "'") + "\"}";
		try {
			response.getBody().write(body.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			// the client went away; the status alone is the answer
		}
		return false;
	}

}
