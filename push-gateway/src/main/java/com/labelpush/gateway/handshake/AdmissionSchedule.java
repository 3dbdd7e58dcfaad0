package com.labelpush.gateway.handshake;

import java.time.Duration;

/**
 * When new sessions may open: at a steady rate with a burst of a quarter of it, and, for
 * the clients beyond, a time to come back, each a slot later than the one before. The
 * admissions form one schedule (a virtual-time token bucket, as in GCRA), the promises
 * another at the same rate, so clients that come back when told find room. A promise is
 * placed in the middle of the burst allowance: a client may come back a little early or
 * late and still be let in.
 * <p>
 * A client cannot be told apart from one that was promised a slot (the close carries no
 * ticket a client would have to send back), so a client arriving for the first time
 * during a storm may take a promised slot, and the client who held it is told to come
 * back once more. The promises only move later; only past the longest wait do they gather
 * at it.
 */
final class AdmissionSchedule {

	private final long intervalNanos;

	private final long burstNanos;

	private final long longestWaitNanos;

	private long nextAdmission;

	private long lastPromise;

	/**
	 * A schedule.
	 * @param perSecond sessions to open per second
	 * @param longestWait the latest a client is told to come back; a storm larger than
	 * this many seconds of sessions has its last clients told this and sorted out when
	 * they return
	 * @param now the current {@link System#nanoTime()}
	 */
	AdmissionSchedule(int perSecond, Duration longestWait, long now) {
		this.intervalNanos = Math.max(1, 1_000_000_000L / perSecond);
		this.burstNanos = this.intervalNanos * Math.max(1, perSecond / 4);
		this.longestWaitNanos = longestWait.toNanos();
		this.nextAdmission = now;
		this.lastPromise = now;
	}

	/**
	 * Admits a new session now, or says when its client should come back.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@code 0} to admit, otherwise the nanoseconds to wait (never less than a
	 * millisecond)
	 */
	synchronized long admit(long now) {
		long earliest = Math.max(this.nextAdmission, now);
		if (earliest - now <= this.burstNanos) {
			this.nextAdmission = earliest + this.intervalNanos;
			return 0;
		}
		long promise = Math.max(this.lastPromise + this.intervalNanos, earliest - this.burstNanos / 2);
		long wait = Math.min(promise - now, this.longestWaitNanos);
		this.lastPromise = now + wait;
		return Math.max(wait, 1_000_000);
	}

}
