package com.labelpush.gateway.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.labelpush.gateway.GatewayMetrics;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;

/**
 * Refuses a handshake with an HTTP status and a problem body, counted by reason, so a
 * client is never accepted and then dropped.
 */
final class Refusal {

	private Refusal() {
	}

	/**
	 * Writes the refusal.
	 * @return {@code false}, for a {@code HandshakeInterceptor} to return
	 */
	static boolean refuse(GatewayMetrics metrics, ServerHttpResponse response, HttpStatus status, String reason,
			String detail) {
		metrics.handshakeRefused(reason);
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
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
