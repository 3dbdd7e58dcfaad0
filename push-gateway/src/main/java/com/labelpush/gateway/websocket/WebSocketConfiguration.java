package com.labelpush.gateway.websocket;

import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayProperties;
import com.labelpush.gateway.GatewayState;
import com.labelpush.gateway.handshake.Handshake;
import com.labelpush.gateway.resume.SessionOpening;
import com.labelpush.gateway.routing.CameraBindings;
import com.labelpush.gateway.security.ClientTokenVerifier;
import com.labelpush.gateway.session.CameraSessions;
import com.labelpush.gateway.session.Frames;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

	private final CameraSessions sessions;

	private final CameraBindings bindings;

	private final Frames frames;

	private final GatewayMetrics metrics;

	private final GatewayState state;

	private final SessionOpening opening;

	private final ClientTokenVerifier tokens;

	private final GatewayProperties properties;

	WebSocketConfiguration(CameraSessions sessions, CameraBindings bindings, Frames frames, GatewayMetrics metrics,
			GatewayState state, SessionOpening opening, ClientTokenVerifier tokens, GatewayProperties properties) {
		this.sessions = sessions;
		this.bindings = bindings;
		this.frames = frames;
		this.metrics = metrics;
		this.state = state;
		this.opening = opening;
		this.tokens = tokens;
		this.properties = properties;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry
			.addHandler(new LabelWebSocketHandler(this.sessions, this.bindings, this.frames, this.metrics, this.opening,
					this.tokens), "/ws/label/*")
			.addInterceptors(Handshake.checks(this.properties, this.metrics, this.state, this.tokens, this.sessions))
			// Spring's own origin check (same origin only) would refuse first, with no
			// body and no count; OriginCheck above applies gateway.allowed-origins.
			.setAllowedOrigins("*")
			// The standard (Jakarta WebSocket) upgrade on every container, so the
			// container limits set below apply the same way on Tomcat and Jetty.
			.setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()));
	}

}
