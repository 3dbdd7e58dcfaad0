package com.labelpush.gateway.handshake;

import java.util.Map;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayProperties;
import com.labelpush.gateway.GatewayState;
import com.labelpush.gateway.security.ClientGrant;
import com.labelpush.gateway.security.ClientTokenVerifier;
import com.labelpush.gateway.session.CameraSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The handshake checks in the order they run, and what they leave in the handshake
 * attributes for the WebSocket handler.
 */
public final class Handshake {

	private Handshake() {
	}

	/**
	 * The checks, the cheapest refusals first, the admission before the token (a deferred
	 * client costs no signature check) and the token last but one. After a check refuses
	 * by closing, the later ones do not run.
	 * @return the interceptors, in order
	 */
	public static HandshakeInterceptor[] checks(GatewayProperties properties, GatewayMetrics metrics,
			GatewayState state, ClientTokenVerifier tokens, CameraSessions sessions) {
		GatewayProperties.Limits limits = properties.limits();
		return new HandshakeInterceptor[] {
				new AddressRateLimit(limits.refusedHandshakesPerSecondPerAddress(), metrics),
				new ClientIdHandshake(state, metrics), new OriginCheck(properties.allowedOrigins(), metrics),
				new SessionAdmission(limits.newSessionsPerSecond(), properties.reconnectMax(), metrics),
				new ClientTokenHandshake(tokens, metrics),
				new SessionCapacity(sessions, limits.maxSessions(), metrics) };
	}

	/**
	 * The refusal a check recorded: the upgraded socket is to be closed with it at once.
	 * @param attributes the handshake attributes
	 * @return the refusal, or {@code null} when every check passed
	 */
	public static @Nullable ClosingRefusal refusal(Map<String, Object> attributes) {
		return ClosingRefusal.recordedIn(attributes);
	}

	/** The camera the client asked for, checked. */
	public static CameraId camera(Map<String, Object> attributes) {
		return (CameraId) attributes.get(ClientIdHandshake.CAMERA);
	}

	/** The seq the client resumes after, or {@code null} for a fresh start. */
	public static @Nullable Long since(Map<String, Object> attributes) {
		return (Long) attributes.get(ClientIdHandshake.SINCE);
	}

	/**
	 * The verified client token's grant, taken out of the attributes with what only the
	 * handshake needed.
	 */
	public static ClientGrant takeGrant(Map<String, Object> attributes) {
		AddressRateLimit.forget(attributes);
		return (ClientGrant) attributes.remove(ClientTokenHandshake.GRANT);
	}

}
