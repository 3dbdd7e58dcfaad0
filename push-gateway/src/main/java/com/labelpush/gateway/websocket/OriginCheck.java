package com.labelpush.gateway.websocket;

import java.util.List;
import java.util.Map;

import com.labelpush.gateway.GatewayMetrics;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.util.WebUtils;

/**
 * A browser page may connect only from the gateway's own origin or one listed in
 * {@code gateway.allowed-origins}. Desktop clients send no {@code Origin} and pass.
 */
class OriginCheck extends HandshakeCheck {

	private final List<String> allowed;

	private final GatewayMetrics metrics;

	OriginCheck(List<String> allowed, GatewayMetrics metrics) {
		this.allowed = allowed;
		this.metrics = metrics;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null || this.allowed.contains(origin) || WebUtils.isSameOrigin(request)) {
			return true;
		}
		return Refusal.refuse(this.metrics, response, HttpStatus.FORBIDDEN, "origin_not_allowed",
				"origin " + origin + " may not connect (gateway.allowed-origins)");
	}

}
