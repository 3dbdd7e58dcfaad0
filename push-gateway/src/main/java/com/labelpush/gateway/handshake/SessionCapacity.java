package com.labelpush.gateway.handshake;

import java.util.Map;

import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.session.CameraSessions;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;

/**
 * Refuses a handshake with 503 when this instance holds
 * {@code gateway.limits.max-sessions} sessions, so the client (through the load balancer)
 * tries another. Handshakes in flight at the same moment are not counted yet, so the
 * limit can be passed by that many.
 */
class SessionCapacity extends HandshakeCheck {

	private final CameraSessions sessions;

	private final int maxSessions;

	SessionCapacity(CameraSessions sessions, int maxSessions, GatewayMetrics metrics) {
		super(metrics);
		this.sessions = sessions;
		this.maxSessions = maxSessions;
	}

	@Override
	boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes) {
		if (this.sessions.openSessions() < this.maxSessions) {
			return true;
		}
		response.getHeaders().set("Retry-After", "1");
		return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "at_capacity",
				"this gateway instance holds its maximum of " + this.maxSessions
						+ " sessions; reconnect (through the load balancer) with since=<last seq>");
	}

}
