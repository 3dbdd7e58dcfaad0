package com.labelpush.gateway.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import org.springframework.web.socket.TextMessage;

/**
 * Writes one client's frames in order with non-blocking sends, one at a time, from a
 * queue bounded in bytes.
 * <p>
 * Spring's {@code ConcurrentWebSocketSessionDecorator} has the same limits but writes
 * with a blocking send on the calling thread: a client whose socket stopped draining
 * would stall the broker consumer feeding every other session. Here the caller writes
 * right away when the socket takes the frame; a write that cannot complete holds no
 * thread: later frames wait in the queue, and the container thread that completes the
 * write goes on with them.
 */
final class OrderedSender {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final RemoteEndpoint.Async remote;

	private final long limitBytes;

	private final LongConsumer onDelivered;

	private final Runnable onFailed;

	private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong queuedBytes = new AtomicLong();

	// Held by whoever writes; taken from the start so nothing is written before start().
	private final AtomicBoolean writing = new AtomicBoolean(true);

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile boolean stopped;

	private volatile long writeStartedNanos;

	/**
	 * A sender that writes nothing until {@link #start()}.
	 * @param remote the socket's non-blocking side
	 * @param limitBytes most bytes queued
	 * @param onDelivered called with a live event's commit time once it is written
	 * @param onFailed called once a write fails: the connection is broken
	 */
	OrderedSender(RemoteEndpoint.Async remote, long limitBytes, LongConsumer onDelivered, Runnable onFailed) {
		this.remote = remote;
		this.limitBytes = limitBytes;
		this.onDelivered = onDelivered;
		this.onFailed = onFailed;
	}

	/**
	 * Queues a frame without writing it, whatever the limit (the first frames of a
	 * session).
	 * @param frame the frame
	 */
	void queue(Frame frame) {
		this.queuedBytes.addAndGet(frame.bytes());
		this.queue.add(frame);
	}

	/**
	 * Queues a frame and writes what the socket takes now.
	 * @param frame the frame
	 * @return {@code false} when the queue is over its limit: the client does not keep up
	 */
	boolean send(Frame frame) {
		if (this.stopped) {
			return true;
		}
		if (this.queuedBytes.addAndGet(frame.bytes()) > this.limitBytes) {
			return false;
		}
		this.queue.add(frame);
		write();
		return true;
	}

	/** Starts writing (the first time) and writes what is queued. */
	void start() {
		if (this.started.compareAndSet(false, true)) {
			this.writing.set(false);
		}
		write();
	}

	/** Writes nothing more and drops what is queued. */
	void stop() {
		this.stopped = true;
		this.queue.clear();
	}

	/**
	 * When the write in flight started.
	 * @return {@link System#nanoTime()} then, or {@code 0} when none is
	 */
	long writeStartedNanos() {
		return this.writeStartedNanos;
	}

	private void write() {
		while (!this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
			writeQueued();
		}
	}

	// Runs holding "writing"; returns having let go of it, or with a send in flight
	// whose completion carries on.
	private void writeQueued() {
		while (true) {
			Frame frame = this.queue.poll();
			if (frame == null || this.stopped) {
				this.writing.set(false);
				return;
			}
			Send send = new Send(frame);
			this.writeStartedNanos = System.nanoTime();
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

	private boolean written(Frame frame, SendResult result) {
		this.writeStartedNanos = 0;
		this.queuedBytes.addAndGet(-frame.bytes());
		if (!result.isOK()) {
			this.writing.set(false);
			this.onFailed.run();
			return false;
		}
		if (frame.occurredAtMillis() >= 0) {
			this.onDelivered.accept(frame.occurredAtMillis());
		}
		return true;
	}

	/**
	 * One frame's send: completed inline (the write loop goes on) or later (the callback
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
			this.ok = written(this.frame, result);
			if (this.state.compareAndSet(SENDING, COMPLETED_INLINE)) {
				return;
			}
			if (this.ok) {
				writeQueued();
				write();
			}
		}

	}

}
