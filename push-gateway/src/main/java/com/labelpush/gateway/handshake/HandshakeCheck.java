package com.labelpush.gateway.handshake;

import java.util.Map;

import com.labelpush.gateway.GatewayMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * One check a handshake must pass before the upgrade. It refuses in one of two ways, each
 * counted in {@code gateway.handshakes.refused} by reason: with an HTTP status, when all
 * a client can do is back off and retry; or, when the client must act otherwise, with a
 * {@link ClosingRefusal}, which lets the upgrade complete so that the client can read the
 * close code. The checks after a closing refusal do not run, so a bad clientId never
 * costs a token verification and no refusal is counted twice.
 */
abstract class HandshakeCheck implements HandshakeInterceptor {

	private final GatewayMetrics metrics;

	HandshakeCheck(GatewayMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public final boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
			WebSocketHandler handler, Map<String, Object> attributes) {
		if (ClosingRefusal.recordedIn(attributes) != null) {
			return true;
		}
		return check(request, response, attributes);
	}

	/**
	 * Checks the handshake.
	 * @param request the upgrade request
	 * @param response the response, for a refusal with an HTTP status
	 * @param attributes the handshake attributes, which the session gets
	 * @return {@code false} when refused with an HTTP status, otherwise {@code true}
	 */
	abstract boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes);

	/**
	 * Refuses with an HTTP status and a problem body: for a client that can only back off
	 * and retry.
	 * @return {@code false}, for {@link #check} to return
	 */
	final boolean refuse(ServerHttpResponse response, HttpStatus status, String tag, String detail) {
		this.metrics.handshakeRefused(tag);
		return Refusal.write(response, status, detail);
	}

	/**
	 * Lets the upgrade complete, then closes with the refusal's code and reason, sending
	 * nothing else: for a client that must act on the refusal.
	 * @return {@code true}, for {@link #check} to return
	 */
	final boolean refuseAfterUpgrade(Map<String, Object> attributes, ClosingRefusal refusal) {
		this.metrics.handshakeRefused(refusal.tag());
		refusal.recordIn(attributes);
		if (refusal.isClientFault()) {
			AddressRateLimit.charge(attributes);
		}
		return true;
	}

	@Override
	public final void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

}
