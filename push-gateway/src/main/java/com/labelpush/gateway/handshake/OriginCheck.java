package com.labelpush.gateway.handshake;

import java.util.List;
import java.util.Map;

import com.labelpush.gateway.GatewayMetrics;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.util.WebUtils;

/**
 * A browser page may connect only from the gateway's own origin or one listed in
 * {@code gateway.allowed-origins}, or is closed with 4403 (a browser cannot read the
 * status of a refused handshake). Desktop clients send no {@code Origin} and pass.
 */
class OriginCheck extends HandshakeCheck {

	private final List<String> allowed;

	OriginCheck(List<String> allowed, GatewayMetrics metrics) {
		super(metrics);
		this.allowed = allowed;
	}

	@Override
	boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null || this.allowed.contains(origin) || WebUtils.isSameOrigin(request)) {
			return true;
		}
		return refuseAfterUpgrade(attributes,
				ClosingRefusal.forbidden("origin_not_allowed", "origin not allowed: " + origin));
	}

}
