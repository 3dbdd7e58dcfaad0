package com.labelpush.gateway.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * One client's WebSocket session with its own bounded, ordered send queue, written with
 * non-blocking sends one frame at a time.
 * <p>
 * Spring's {@code ConcurrentWebSocketSessionDecorator} has the same limits but writes
 * with a blocking send on the calling thread: a client whose socket stopped draining
 * would stall the broker consumer feeding every other session. Here a write that cannot
 * complete holds no thread: later frames wait in the session's queue, and the session is
 * closed with 1013 when the queue overflows or a write takes longer than the send time
 * limit.
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

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private static final long SECOND_NANOS = 1_000_000_000L;

	private final StandardWebSocketSession socket;

	private final RemoteEndpoint.Async remote;

	private final CameraId camera;

	private final int lane;

	private final SessionLimits limits;

	private final Executor closer;

	private final GatewayMetrics metrics;

	private final Consumer<ClientSession> onRetired;

	private final Queue<Frame> outbound = new ConcurrentLinkedQueue<>();

	private final AtomicLong bufferedBytes = new AtomicLong();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final AtomicBoolean closing = new AtomicBoolean();

	private final AtomicBoolean retired = new AtomicBoolean();

	private volatile long sendStartedNanos;

	private volatile long lastSeenNanos;

	private volatile long lastPingNanos;

	private volatile String closeReason = "client";

	private final List<Frame> held = new ArrayList<>();

	private volatile boolean holding = true;

	private long heldBytes;

	private final AtomicBoolean started = new AtomicBoolean();

	private final BiConsumer<ClientSession, Long> onGap;

	private volatile long lastEventSeq = -1;

	private volatile long accessExpiresAtMillis;

	// Touched only by the container thread that delivers this session's messages, one
	// at a time.
	private long inboundWindowStartNanos;

	private int inboundInWindow;

	ClientSession(StandardWebSocketSession socket, CameraId camera, long accessExpiresAtMillis, int lane,
			SessionLimits limits, Executor closer, GatewayMetrics metrics, Consumer<ClientSession> onRetired,
			BiConsumer<ClientSession, Long> onGap) {
		this.socket = socket;
		this.accessExpiresAtMillis = accessExpiresAtMillis;
		this.remote = socket.getNativeSession(Session.class).getAsyncRemote();
		this.camera = camera;
		this.lane = lane;
		this.limits = limits;
		this.closer = closer;
		this.metrics = metrics;
		this.onRetired = onRetired;
		this.onGap = onGap;
		long now = System.nanoTime();
		this.lastSeenNanos = now;
		this.lastPingNanos = now;
		// nanoTime may be negative: the first window starts now, not at 0
		this.inboundWindowStartNanos = now;
		// Nothing is written until release(): the session is registered (so it misses no
		// live event) while hello and any history are prepared, and they go first.
		this.draining.set(true);
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
	 * @param first the frames to send first
	 * @param lastSeq the seq the client has once it got the first frames; later events
	 * with a seq up to it are dropped as duplicates ({@code -1} when unknown)
	 */
	public void release(List<TextMessage> first, long lastSeq) {
		boolean gap = false;
		synchronized (this.held) {
			this.heldBytes = 0;
			first.forEach((frame) -> this.outbound.add(new Frame(frame, -1, -1)));
			this.lastEventSeq = lastSeq;
			List<Frame> stillHeld = new ArrayList<>();
			for (Frame frame : this.held) {
				if (gap) {
					stillHeld.add(frame);
				}
				else if (frame.seq() >= 0 && this.lastEventSeq >= 0 && frame.seq() > this.lastEventSeq + 1) {
					// events went missing while this session was held: repair again
					gap = true;
					stillHeld.add(frame);
				}
				else if (frame.seq() < 0 || frame.seq() > this.lastEventSeq) {
					this.outbound.add(frame);
					this.bufferedBytes.addAndGet(frame.message().getPayloadLength());
					this.lastEventSeq = Math.max(this.lastEventSeq, frame.seq());
				}
			}
			this.held.clear();
			this.held.addAll(stillHeld);
			stillHeld.forEach((frame) -> this.heldBytes += frame.message().getPayloadLength());
			this.holding = gap;
		}
		first.forEach((frame) -> this.bufferedBytes.addAndGet(frame.getPayloadLength()));
		if (this.started.compareAndSet(false, true)) {
			this.draining.set(false);
		}
		scheduleDrain();
		if (gap) {
			this.metrics.gapDetected();
			this.onGap.accept(this, this.lastEventSeq);
		}
	}

	/**
	 * Holds live events and asks for the ones after the last seq this session has, as
	 * after a broker reconnect. Call on the session's lane. Nothing to do while the last
	 * seq is unknown.
	 */
	void catchUp() {
		if (!this.holding && this.lastEventSeq >= 0 && !this.closing.get()) {
			startHolding();
			this.onGap.accept(this, this.lastEventSeq);
		}
	}

	private void startHolding() {
		synchronized (this.held) {
			this.holding = true;
		}
	}

	/**
	 * Queues a control frame (pong, error).
	 * @param message the frame
	 */
	public void send(WebSocketMessage<?> message) {
		if (this.holding && hold(new Frame(message, -1, -1))) {
			return;
		}
		enqueue(new Frame(message, -1, -1));
	}

	/**
	 * Queues an event frame, unless the client already has that seq (the relay delivers
	 * at least once, and history and live events overlap on resume).
	 * @param message the event JSON as received
	 * @param occurredAtMillis the event's commit time, for the delivery lag metric
	 * @param seq the event's seq
	 */
	public void sendEvent(TextMessage message, long occurredAtMillis, long seq) {
		Frame frame = new Frame(message, occurredAtMillis, seq);
		if (this.holding && hold(frame)) {
			return;
		}
		// Events reach a session from one thread (its lane), so these checks need no
		// lock.
		if (seq <= this.lastEventSeq) {
			this.metrics.duplicateDropped();
			return;
		}
		if (this.lastEventSeq >= 0 && seq > this.lastEventSeq + 1) {
			// A gap: hold this and later events until the missing ones are fetched.
			this.metrics.gapDetected();
			startHolding();
			hold(frame);
			this.onGap.accept(this, this.lastEventSeq);
			return;
		}
		this.lastEventSeq = seq;
		enqueue(frame);
	}

	private boolean hold(Frame frame) {
		synchronized (this.held) {
			if (!this.holding) {
				return false;
			}
			this.heldBytes += frame.message().getPayloadLength();
			if (this.heldBytes > this.limits.sendBufferBytes()) {
				close(TOO_SLOW, "slow");
				return true;
			}
			this.held.add(frame);
			return true;
		}
	}

	/**
	 * Notes a frame from the client (pongs included): a sign of life, counted against the
	 * inbound limit; over the limit the session is closed with 1008.
	 * @return whether the frame is to be handled (the client is within the limit)
	 */
	public boolean received() {
		long now = System.nanoTime();
		this.lastSeenNanos = now;
		if (now - this.inboundWindowStartNanos >= SECOND_NANOS) {
			this.inboundWindowStartNanos = now;
			this.inboundInWindow = 0;
		}
		if (++this.inboundInWindow <= this.limits.inboundMessagesPerSecond()) {
			return true;
		}
		close(FLOODING, "flooding");
		return false;
	}

	/**
	 * Closes the session from the server side. It stops receiving at once; the close
	 * frame is sent off the calling thread (the caller may be the broker consumer).
	 * @param status the close status sent to the client
	 * @param reason the reason counted in metrics
	 */
	public void close(CloseStatus status, String reason) {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		this.closeReason = reason;
		this.outbound.clear();
		retire();
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
	 * The connection is gone (closed by the client, the network or the container).
	 * @param status the status it closed with
	 */
	public void closed(CloseStatus status) {
		if (this.closing.compareAndSet(false, true)) {
			this.closeReason = reasonFor(status);
			this.outbound.clear();
		}
		retire();
	}

	/**
	 * The reason this session closed, as counted in metrics.
	 * @return for example {@code slow}, {@code heartbeat}, {@code client}
	 */
	public String closeReason() {
		return this.closeReason;
	}

	/**
	 * Lets the session stay open until a fresh client token's expiry, when that is later
	 * than the current one.
	 * @param expiresAtMillis the token's expiry, epoch milliseconds
	 */
	public void authorizeUntil(long expiresAtMillis) {
		this.accessExpiresAtMillis = Math.max(this.accessExpiresAtMillis, expiresAtMillis);
	}

	/**
	 * Periodic check: pings when due, closes a session that stopped answering, whose
	 * current write has taken too long, or whose token expired.
	 * @param now {@link System#nanoTime()}
	 * @param nowMillis {@link System#currentTimeMillis()}
	 */
	void tick(long now, long nowMillis) {
		if (this.closing.get()) {
			return;
		}
		if (nowMillis >= this.accessExpiresAtMillis) {
			close(TOKEN_EXPIRED, "token_expired");
			return;
		}
		long started = this.sendStartedNanos;
		if (started != 0 && now - started > this.limits.sendTimeLimitNanos()) {
			close(TOO_SLOW, "slow");
			return;
		}
		if (now - this.lastSeenNanos > this.limits.heartbeatTimeoutNanos()) {
			close(CloseStatus.POLICY_VIOLATION.withReason("heartbeat timeout"), "heartbeat");
			return;
		}
		if (now - this.lastPingNanos >= this.limits.heartbeatNanos()) {
			this.lastPingNanos = now;
			send(new PingMessage());
		}
	}

	private void retire() {
		if (this.retired.compareAndSet(false, true)) {
			this.onRetired.accept(this);
		}
	}

	private void enqueue(Frame frame) {
		if (this.closing.get()) {
			return;
		}
		long buffered = this.bufferedBytes.addAndGet(frame.message().getPayloadLength());
		if (buffered > this.limits.sendBufferBytes()) {
			close(TOO_SLOW, "slow");
			return;
		}
		this.outbound.add(frame);
		scheduleDrain();
	}

	// Sends are asynchronous, so the caller (the broker consumer, for events)
	// writes right away instead of handing over to another thread; a socket that
	// cannot take the frame now completes it later on a container thread, which
	// then goes on with the queue.
	private void scheduleDrain() {
		while (!this.outbound.isEmpty() && this.draining.compareAndSet(false, true)) {
			drain();
		}
	}

	// Runs while holding "draining"; returns having released it, or with a send in flight
	// whose completion carries on.
	private void drain() {
		while (true) {
			Frame frame = this.outbound.poll();
			if (frame == null || this.closing.get()) {
				this.draining.set(false);
				return;
			}
			Send send = new Send(frame);
			this.sendStartedNanos = System.nanoTime();
			try {
				if (frame.message() instanceof TextMessage text) {
					this.remote.sendText(text.getPayload(), send);
				}
				else {
					this.remote.sendPing(EMPTY);
					send.onResult(new SendResult());
				}
			}
			catch (IOException | RuntimeException ex) {
				send.onResult(new SendResult(ex));
			}
			if (send.state.compareAndSet(Send.SENDING, Send.LEFT_TO_CALLBACK)) {
				return;
			}
			if (!send.ok) {
				return;
			}
		}
	}

	private boolean sent(Frame frame, SendResult result) {
		this.sendStartedNanos = 0;
		this.bufferedBytes.addAndGet(-frame.message().getPayloadLength());
		if (!result.isOK()) {
			this.draining.set(false);
			close(CloseStatus.SESSION_NOT_RELIABLE, "transport_error");
			return false;
		}
		if (frame.occurredAtMillis() >= 0) {
			this.metrics.frameDelivered(frame.occurredAtMillis());
		}
		return true;
	}

	/**
	 * One frame's send: completed inline (the drain loop goes on) or later (the callback
	 * does).
	 */
	private final class Send implements SendHandler {

		static final int SENDING = 0;

		static final int COMPLETED_INLINE = 1;

		static final int LEFT_TO_CALLBACK = 2;

		final AtomicInteger state = new AtomicInteger(SENDING);

		private final Frame frame;

		volatile boolean ok;

		Send(Frame frame) {
			this.frame = frame;
		}

		@Override
		public void onResult(SendResult result) {
			this.ok = sent(this.frame, result);
			if (this.state.compareAndSet(SENDING, COMPLETED_INLINE)) {
				return;
			}
			if (this.ok) {
				drain();
				scheduleDrain();
			}
		}

	}

	private static String reasonFor(CloseStatus status) {
		if (status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
			return "too_big";
		}
		return (status.getCode() == CloseStatus.NO_CLOSE_FRAME.getCode()) ? "dropped" : "client";
	}

	private record Frame(WebSocketMessage<?> message, long occurredAtMillis, long seq) {
	}

}
