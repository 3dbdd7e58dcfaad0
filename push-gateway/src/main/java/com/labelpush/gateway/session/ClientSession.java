package com.labelpush.gateway.session;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client's WebSocket session with its own bounded, ordered send queue. Frames are
 * queued without blocking and written by a shared sender pool, one writer per session at
 * a time.
 * <p>
 * Spring's {@code ConcurrentWebSocketSessionDecorator} has the same limits but writes on
 * the calling thread: a client whose socket stopped draining would then stall the broker
 * consumer that feeds every other session. Here the caller only queues; a stuck write
 * holds one sender thread until the send time limit, and the session is closed with 1013
 * when its queue overflows or a write takes too long.
 */
public final class ClientSession {

	private static final Log logger = LogFactory.getLog(ClientSession.class);

	/** Close status for a client that cannot keep up: reconnect and resume with since. */
	public static final CloseStatus TOO_SLOW = CloseStatus.SERVICE_OVERLOAD.withReason("client too slow");

	private final WebSocketSession socket;

	private final CameraId camera;

	private final SessionLimits limits;

	private final Executor sender;

	private final Executor closer;

	private final GatewayMetrics metrics;

	private final Queue<Frame> outbound = new ConcurrentLinkedQueue<>();

	private final AtomicLong bufferedBytes = new AtomicLong();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final AtomicBoolean closing = new AtomicBoolean();

	private volatile long sendStartedNanos;

	private volatile long lastSeenNanos;

	private volatile long lastPingNanos;

	private volatile String closeReason = "client";

	ClientSession(WebSocketSession socket, CameraId camera, TextMessage hello, SessionLimits limits, Executor sender,
			Executor closer, GatewayMetrics metrics) {
		this.socket = socket;
		this.camera = camera;
		this.limits = limits;
		this.sender = sender;
		this.closer = closer;
		this.metrics = metrics;
		long now = System.nanoTime();
		this.lastSeenNanos = now;
		this.lastPingNanos = now;
		// hello is the first frame; nothing is written until start(), so the session can
		// be
		// registered (and events queued behind hello) before the client sees hello.
		this.outbound.add(new Frame(hello, -1));
		this.bufferedBytes.addAndGet(hello.getPayloadLength());
		this.draining.set(true);
	}

	/** Starts writing: hello first, then whatever was queued behind it. */
	void start() {
		this.draining.set(false);
		if (!this.outbound.isEmpty() && this.draining.compareAndSet(false, true)) {
			this.sender.execute(this::drain);
		}
	}

	public CameraId camera() {
		return this.camera;
	}

	public String id() {
		return this.socket.getId();
	}

	/**
	 * Queues a control frame (hello, pong, error, ping).
	 * @param message the frame
	 */
	public void send(WebSocketMessage<?> message) {
		enqueue(new Frame(message, -1));
	}

	/**
	 * Queues an event frame.
	 * @param message the event JSON as received
	 * @param occurredAtMillis the event's commit time, for the delivery lag metric
	 */
	public void sendEvent(TextMessage message, long occurredAtMillis) {
		enqueue(new Frame(message, occurredAtMillis));
	}

	/** Notes that the client showed a sign of life (any frame, pongs included). */
	public void seen() {
		this.lastSeenNanos = System.nanoTime();
	}

	/**
	 * Closes the session from the server side, off the calling thread (a close frame is a
	 * write too, and the caller may be the broker consumer).
	 * @param status the close status sent to the client
	 * @param reason the reason counted in metrics
	 */
	public void close(CloseStatus status, String reason) {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		this.closeReason = reason;
		this.outbound.clear();
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
	 * The reason this session closed, as counted in metrics.
	 * @return the reason set by {@link #close}, or {@code client}
	 */
	public String closeReason() {
		return this.closeReason;
	}

	/**
	 * Periodic check: pings when due, closes a session that stopped answering or whose
	 * current write has taken too long.
	 * @param now {@link System#nanoTime()}
	 */
	void tick(long now) {
		if (this.closing.get()) {
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
		if (this.draining.compareAndSet(false, true)) {
			this.sender.execute(this::drain);
		}
	}

	private void drain() {
		while (true) {
			Frame frame = this.outbound.poll();
			if (frame == null) {
				this.draining.set(false);
				// a frame queued between the poll and the reset must not be stranded
				if (this.outbound.isEmpty() || !this.draining.compareAndSet(false, true)) {
					return;
				}
				continue;
			}
			if (!write(frame)) {
				return;
			}
		}
	}

	private boolean write(Frame frame) {
		if (this.closing.get() || !this.socket.isOpen()) {
			this.outbound.clear();
			this.draining.set(false);
			return false;
		}
		this.sendStartedNanos = System.nanoTime();
		try {
			this.socket.sendMessage(frame.message());
			if (frame.occurredAtMillis() >= 0) {
				this.metrics.frameDelivered(frame.occurredAtMillis());
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			close(CloseStatus.SESSION_NOT_RELIABLE, "transport_error");
			this.draining.set(false);
			return false;
		}
		finally {
			this.sendStartedNanos = 0;
			this.bufferedBytes.addAndGet(-frame.message().getPayloadLength());
		}
	}

	private record Frame(WebSocketMessage<?> message, long occurredAtMillis) {
	}

}
