package com.labelpush.gateway.websocket;

import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayState;
import com.labelpush.gateway.routing.CameraBindings;
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

	WebSocketConfiguration(CameraSessions sessions, CameraBindings bindings, Frames frames, GatewayMetrics metrics,
			GatewayState state, SessionOpening opening) {
		this.sessions = sessions;
		this.bindings = bindings;
		this.frames = frames;
		this.metrics = metrics;
		this.state = state;
		this.opening = opening;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry
			.addHandler(
					new LabelWebSocketHandler(this.sessions, this.bindings, this.frames, this.metrics, this.opening),
					"/ws/label/*")
			.addInterceptors(new ClientIdHandshake(this.state, this.metrics))
			// The standard (Jakarta WebSocket) upgrade on every container, so the
			// container limits set below apply the same way on Tomcat and Jetty.
			.setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()));
	}

}
