package com.labelpush.gateway.websocket;

import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayProperties;
import com.labelpush.gateway.GatewayState;
import com.labelpush.gateway.routing.CameraBindings;
import com.labelpush.gateway.security.ClientTokenVerifier;
import com.labelpush.gateway.session.CameraSessions;

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
			// In this order: the cheapest refusals first, the token last but one. After
			// a check refuses by closing, the later ones do not run.
			.addInterceptors(
					new AddressRateLimit(this.properties.limits().handshakesPerSecondPerAddress(), this.metrics),
					new ClientIdHandshake(this.state, this.metrics),
					new OriginCheck(this.properties.allowedOrigins(), this.metrics),
					new ClientTokenHandshake(this.tokens, this.metrics),
					new SessionCapacity(this.sessions, this.properties.limits().maxSessions(), this.metrics))
			// Spring's own origin check (same origin only) would refuse first, with no
			// body and no count; OriginCheck above applies gateway.allowed-origins.
			.setAllowedOrigins("*")
			// The standard (Jakarta WebSocket) upgrade on every container, so the
			// container limits set below apply the same way on Tomcat and Jetty.
			.setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()));
	}

}
