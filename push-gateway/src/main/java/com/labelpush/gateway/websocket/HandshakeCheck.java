package com.labelpush.gateway.websocket;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * One check a handshake must pass before the upgrade; it refuses with a {@link Refusal}
 * and has nothing to do afterwards.
 */
abstract class HandshakeCheck implements HandshakeInterceptor {

	@Override
	public final void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

}
