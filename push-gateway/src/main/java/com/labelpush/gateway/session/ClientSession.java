package com.labelpush.gateway.session;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * One client's WebSocket session: what reaches it passes its {@link SeqGate} (in order,
 * no gap, no duplicate) and its {@link OrderedSender} (non-blocking, bounded); its
 * {@link SessionTimers} and {@link InboundLimit} decide when it is closed. A session ends
 * once, whoever closes it.
 */
public final class ClientSession {

	private static final Log logger = LogFactory.getLog(ClientSession.class);

	/** Close status for a client that cannot keep up: reconnect and resume with since. */
	public static final CloseStatus TOO_SLOW = CloseStatus.SERVICE_OVERLOAD.withReason("client too slow");

	/**
	 * Close status for a session whose client token expired without a fresh one sent
	 * in-band: get a new token and reconnect with since.
	 */
	public static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token expired");

	/** Close status for a client that sends more messages than allowed. */
	private static final CloseStatus FLOODING = CloseStatus.POLICY_VIOLATION.withReason("too many messages");

	private static final CloseStatus SILENT = CloseStatus.POLICY_VIOLATION.withReason("heartbeat timeout");

	private final StandardWebSocketSession socket;

	private final CameraId camera;

	private final int lane;

	private final Executor closer;

	private final GatewayMetrics metrics;

	private final Consumer<ClientSession> onEnded;

	private final BiConsumer<ClientSession, Long> onGap;

	private final SeqGate gate;

	private final OrderedSender sender;

	private final SessionTimers timers;

	private final InboundLimit inbound;

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile String closeReason = "client";

	ClientSession(StandardWebSocketSession socket, CameraId camera, long accessExpiresAtMillis, int lane,
			SessionLimits limits, Executor closer, GatewayMetrics metrics, Consumer<ClientSession> onEnded,
			BiConsumer<ClientSession, Long> onGap) {
		this.socket = socket;
		this.camera = camera;
		this.lane = lane;
		this.closer = closer;
		this.metrics = metrics;
		this.onEnded = onEnded;
		this.onGap = onGap;
		long now = System.nanoTime();
		// Nothing is written until startWriting(): the session is registered (so it
		// misses no live event) while hello and any history are prepared, and they go
		// first.
		this.gate = new SeqGate(limits.sendBufferBytes());
		this.sender = new OrderedSender(socket.getNativeSession(Session.class).getAsyncRemote(),
				limits.sendBufferBytes(), metrics::frameDelivered,
				() -> close(CloseStatus.SESSION_NOT_RELIABLE, "transport_error"));
		this.timers = new SessionTimers(limits, now, accessExpiresAtMillis);
		this.inbound = new InboundLimit(limits.inboundMessagesPerSecond(), now);
	}

	public CameraId camera() {
		return this.camera;
	}

	/** The fan-out lane (thread) that queues every event for this session. */
	int lane() {
		return this.lane;
	}

	public String id() {
		return this.socket.getId();
	}

	/**
	 * Starts writing: the given frames first (hello, then history or resync), then the
	 * live events that arrived meanwhile, minus those the first frames already cover.
	 * Called again with the missing events after a gap.
	 * @param first the frames to send first
	 * @param lastSeq the seq the client has once it got the first frames; later events
	 * with a seq up to it are dropped as duplicates ({@code -1} when unknown)
	 */
	public void startWriting(List<TextMessage> first, long lastSeq) {
		boolean gap = this.gate.open(first.stream().map(Frame::control).toList(), lastSeq, this.sender::queue);
		this.sender.start();
		if (gap) {
			gapFound();
		}
	}

	/**
	 * Holds live events and asks for the ones after the last seq this session has, as
	 * after a broker reconnect. Call on the session's lane.
	 */
	void catchUp() {
		if (!this.ended.get() && this.gate.holdForCatchUp()) {
			this.onGap.accept(this, this.gate.lastSeq());
		}
	}

	/**
	 * Queues a control frame (pong, error).
	 * @param message the frame
	 */
	public void send(WebSocketMessage<?> message) {
		Frame frame = Frame.control(message);
		switch (this.gate.offerControl(frame)) {
			case PASS -> write(frame);
			case OVERFLOW -> close(TOO_SLOW, "slow");
			default -> {
				// held: goes out after the missing events
			}
		}
	}

	/**
	 * Queues an event frame, unless the client already has that seq (the relay delivers
	 * at least once, and history and live events overlap on resume). Call on the
	 * session's lane.
	 * @param message the event JSON as received
	 * @param occurredAtMillis the event's commit time, for the delivery lag metric
	 * @param seq the event's seq
	 */
	public void sendEvent(TextMessage message, long occurredAtMillis, long seq) {
		Frame frame = new Frame(message, occurredAtMillis, seq);
		switch (this.gate.offerEvent(frame)) {
			case PASS -> write(frame);
			case DUPLICATE -> this.metrics.duplicateDropped();
			case GAP -> gapFound();
			case OVERFLOW -> close(TOO_SLOW, "slow");
			case HELD -> {
				// goes out once the session is open or the gap repaired
			}
		}
	}

	private void gapFound() {
		this.metrics.gapDetected();
		this.onGap.accept(this, this.gate.lastSeq());
	}

	private void write(Frame frame) {
		if (!this.ended.get() && !this.sender.send(frame)) {
			close(TOO_SLOW, "slow");
		}
	}

	/**
	 * Notes a frame from the client (pongs included): a sign of life, counted against the
	 * inbound limit; over the limit the session is closed with 1008.
	 * @return whether the frame is to be handled (the client is within the limit)
	 */
	public boolean received() {
		long now = System.nanoTime();
		this.timers.heard(now);
		if (this.inbound.allow(now)) {
			return true;
		}
		close(FLOODING, "flooding");
		return false;
	}

	/**
	 * Lets the session stay open until a fresh client token's expiry, when that is later
	 * than the current one.
	 * @param expiresAtMillis the token's expiry, epoch milliseconds
	 */
	public void authorizeUntil(long expiresAtMillis) {
		this.timers.extendAccess(expiresAtMillis);
	}

	/**
	 * Periodic check: pings when due, closes a session that stopped answering, whose
	 * current write has taken too long, or whose token expired.
	 * @param now {@link System#nanoTime()}
	 * @param nowMillis {@link System#currentTimeMillis()}
	 */
	void tick(long now, long nowMillis) {
		if (this.ended.get()) {
			return;
		}
		switch (this.timers.check(now, nowMillis, this.sender.writeStartedNanos())) {
			case TOKEN_EXPIRED -> close(TOKEN_EXPIRED, "token_expired");
			case WRITE_TOO_SLOW -> close(TOO_SLOW, "slow");
			case SILENT -> close(SILENT, "heartbeat");
			case PING -> send(new PingMessage());
			case NOTHING -> {
			}
		}
	}

	/**
	 * Ends the session from the server side: it stops sending and receiving at once; the
	 * close frame goes out off the calling thread (the caller may be the broker
	 * consumer).
	 * @param status the close status sent to the client
	 * @param reason the reason counted in metrics
	 */
	public void close(CloseStatus status, String reason) {
		if (!end(reason)) {
			return;
		}
		this.closer.execute(() -> {
			try {
				this.socket.close(status);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("close failed sessionId=" + id() + ": " + ex.getMessage());
			}
		});
	}

	/**
	 * The connection is gone (closed by the client, the network, the container, or after
	 * {@link #close}).
	 * @param status the status it closed with
	 */
	public void connectionClosed(CloseStatus status) {
		end(reasonFor(status));
	}

	/**
	 * The reason this session closed, as counted in metrics.
	 * @return for example {@code slow}, {@code heartbeat}, {@code client}
	 */
	public String closeReason() {
		return this.closeReason;
	}

	private boolean end(String reason) {
		if (!this.ended.compareAndSet(false, true)) {
			return false;
		}
		this.closeReason = reason;
		this.sender.stop();
		this.onEnded.accept(this);
		return true;
	}

	private static String reasonFor(CloseStatus status) {
		if (status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
			return "too_big";
		}
		return (status.getCode() == CloseStatus.NO_CLOSE_FRAME.getCode()) ? "dropped" : "client";
	}

}
