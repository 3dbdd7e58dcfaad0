package com.labelpush.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayState;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Checks a connection before it is upgraded, so a bad request is refused with an HTTP
 * status and a problem body, never accepted and then dropped.
 */
class ClientIdHandshake extends HandshakeCheck {

	static final String CAMERA = ClientIdHandshake.class.getName() + ".camera";

	static final String SINCE = ClientIdHandshake.class.getName() + ".since";

	private final GatewayState state;

	private final GatewayMetrics metrics;

	ClientIdHandshake(GatewayState state, GatewayMetrics metrics) {
		this.state = state;
		this.metrics = metrics;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (!this.state.isAccepting()) {
			response.getHeaders().set("Retry-After", "1");
			return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
					"This gateway instance is shutting down; reconnect (through the load balancer) with since=<last seq>");
		}
		String path = request.getURI().getRawPath();
		String clientId = UriUtils.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
		if (!CameraId.isValid(clientId)) {
			return refuse(response, HttpStatus.BAD_REQUEST, "invalid_client_id",
					"clientId must be " + CameraId.RULE + " (it is the camera id)");
		}
		String since = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("since");
		if (since != null) {
			if (!since.matches("\\d{1,18}")) {
				return refuse(response, HttpStatus.BAD_REQUEST, "invalid_since",
						"since must be the last seq the client received, a non-negative integer");
			}
			attributes.put(SINCE, Long.parseLong(since));
		}
		attributes.put(CAMERA, CameraId.of(clientId));
		return true;
	}

	private boolean refuse(ServerHttpResponse response, HttpStatus status, String reason, String detail) {
		return Refusal.refuse(this.metrics, response, status, reason, detail);
	}

}
