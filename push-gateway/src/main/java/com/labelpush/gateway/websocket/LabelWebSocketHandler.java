package com.labelpush.gateway.websocket;

import java.io.IOException;
import java.time.Duration;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.handshake.ClosingRefusal;
import com.labelpush.gateway.handshake.Handshake;
import com.labelpush.gateway.resume.SessionOpening;
import com.labelpush.gateway.routing.BindingUnavailable;
import com.labelpush.gateway.routing.CameraBindings;
import com.labelpush.gateway.security.ClientGrant;
import com.labelpush.gateway.security.ClientTokenVerifier;
import com.labelpush.gateway.security.TokenRefused;
import com.labelpush.gateway.session.CameraSessions;
import com.labelpush.gateway.session.ClientSession;
import com.labelpush.gateway.session.Frames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * {@code /ws/label/{clientId}}: binds the camera before {@code hello}, answers pings,
 * refuses anything else with an error frame or a close code, and lets go of the camera
 * when the session ends, however it ends. A socket whose handshake was refused after the
 * upgrade ({@link ClosingRefusal}) is closed at once and never becomes a session: what it
 * sends is ignored.
 */
class LabelWebSocketHandler extends AbstractWebSocketHandler {

	private static final Log logger = LogFactory.getLog(LabelWebSocketHandler.class);

	private static final String SESSION = LabelWebSocketHandler.class.getName() + ".session";

	/**
	 * How long a refused socket waits for its client's answer to the close frame, instead
	 * of the container's idle timeout (the heartbeat timeout plus 30 s). Jetty applies
	 * it. Tomcat never times out a session closed while it opens (it does not register
	 * it) and keeps the socket until the client goes.
	 */
	static final Duration REFUSED_CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final CameraSessions sessions;

	private final CameraBindings bindings;

	private final Frames frames;

	private final GatewayMetrics metrics;

	private final SessionOpening opening;

	private final ClientTokenVerifier tokens;

	LabelWebSocketHandler(CameraSessions sessions, CameraBindings bindings, Frames frames, GatewayMetrics metrics,
			SessionOpening opening, ClientTokenVerifier tokens) {
		this.sessions = sessions;
		this.bindings = bindings;
		this.frames = frames;
		this.metrics = metrics;
		this.opening = opening;
		this.tokens = tokens;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
		ClosingRefusal refusal = Handshake.refusal(socket.getAttributes());
		if (refusal != null) {
			closeRefused((StandardWebSocketSession) socket, refusal);
			return;
		}
		CameraId camera = Handshake.camera(socket.getAttributes());
		try {
			this.bindings.acquire(camera);
		}
		catch (BindingUnavailable ex) {
			logger.warn("session refused cameraId=" + camera + ": " + ex.getMessage());
			this.metrics.sessionClosed("broker_unavailable");
			socket.close(CloseStatus.SERVICE_OVERLOAD.withReason("broker unavailable, reconnect later"));
			return;
		}
		// the session keeps the expiry; the grant need not live as long as the session
		ClientGrant grant = Handshake.takeGrant(socket.getAttributes());
		ClientSession session = this.sessions.register((StandardWebSocketSession) socket, camera,
				grant.closesAt().toEpochMilli(), this::ended, this.opening::repair);
		socket.getAttributes().put(SESSION, session);
		this.opening.open(session, camera, Handshake.since(socket.getAttributes()));
		logger.debug("session opened cameraId=" + camera + " sessionId=" + socket.getId());
	}

	// No binding, no session, no frame but the close; counted when the check refused it.
	private static void closeRefused(StandardWebSocketSession socket, ClosingRefusal refusal) throws IOException {
		socket.getNativeSession().setMaxIdleTimeout(REFUSED_CLOSE_TIMEOUT.toMillis());
		socket.close(refusal.closeStatus());
		logger.debug("handshake refused sessionId=" + socket.getId() + " code=" + refusal.code() + " reason="
				+ refusal.tag());
	}

	@Override
	protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
		ClientSession session = session(socket);
		if (session == null || !session.received()) {
			return;
		}
		Frames.ClientFrame frame = this.frames.read(message.getPayload());
		if (frame == null) {
			session.send(this.frames.error("frames must be JSON objects with a type: "
					+ "{\"type\":\"ping\"} or {\"type\":\"auth\",\"token\":\"...\"}"));
		}
		else if ("ping".equals(frame.type())) {
			session.send(Frames.PONG);
		}
		else if ("auth".equals(frame.type())) {
			refreshToken(session, frame.token());
		}
		else {
			session.send(this.frames.error("unknown frame type '" + frame.type() + "'; accepted: ping, auth"));
		}
	}

	@Override
	protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
		ClientSession session = session(socket);
		if (session != null) {
			session.received();
		}
	}

	// A fresh token sent in-band keeps the session open past the first one's expiry; a
	// refused one changes nothing (the session still closes at the old expiry).
	private void refreshToken(ClientSession session, @Nullable String token) {
		try {
			ClientGrant grant = this.tokens.verify(token, session.camera());
			session.authorizeUntil(grant.closesAt().toEpochMilli());
			this.metrics.tokenRefresh("accepted");
			session.send(this.frames.authenticated(grant.expiresAt()));
		}
		catch (TokenRefused ex) {
			this.metrics.tokenRefresh(ex.reason());
			session.send(this.frames.error("auth refused: " + ex.getMessage()));
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
		ClientSession session = session(socket);
		if (session != null) {
			session.close(CloseStatus.NOT_ACCEPTABLE.withReason("binary frames are not accepted"), "binary");
		}
	}

	@Override
	public void handleTransportError(WebSocketSession socket, Throwable exception) {
		// The container closes the session itself, with the code that fits (1009 for a
		// frame over the limit); closing here first would send 1011 instead.
		logger.debug("transport error sessionId=" + socket.getId() + ": " + exception.getMessage());
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
		ClientSession session = session(socket);
		if (session != null) {
			session.connectionClosed(status);
			logger.debug("session closed cameraId=" + session.camera() + " sessionId=" + socket.getId() + " code="
					+ status.getCode() + " reason=" + session.closeReason());
		}
	}

	// Once per session, as soon as it stops receiving (which for a slow client is before
	// its socket is actually gone).
	private void ended(ClientSession session) {
		this.bindings.release(session.camera());
		this.metrics.sessionClosed(session.closeReason());
	}

	private static @Nullable ClientSession session(WebSocketSession socket) {
		return (ClientSession) socket.getAttributes().get(SESSION);
	}

}
