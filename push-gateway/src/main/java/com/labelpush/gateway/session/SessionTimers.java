package com.labelpush.gateway.session;

/**
 * The session's clocks: when the client was last heard, when it was last pinged, until
 * when its token lets it stay, and how long the write in flight has taken. The periodic
 * check asks what is due.
 */
final class SessionTimers {

	/** What the periodic check found due, the most pressing first. */
	enum Due {

		/** The token expired without a fresh one sent in-band. */
		TOKEN_EXPIRED,

		/** The write in flight has taken longer than the send time limit. */
		WRITE_TOO_SLOW,

		/** Nothing heard from the client (pongs included) for the heartbeat timeout. */
		SILENT,

		/** Time to ping. */
		PING,

		/** Nothing. */
		NOTHING

	}

	private final SessionLimits limits;

	private volatile long lastHeardNanos;

	private volatile long lastPingNanos;

	private volatile long accessExpiresAtMillis;

	SessionTimers(SessionLimits limits, long nowNanos, long accessExpiresAtMillis) {
		this.limits = limits;
		this.lastHeardNanos = nowNanos;
		this.lastPingNanos = nowNanos;
		this.accessExpiresAtMillis = accessExpiresAtMillis;
	}

	/** A frame from the client arrived: it is alive. */
	void heard(long nowNanos) {
		this.lastHeardNanos = nowNanos;
	}

	/**
	 * Lets the session stay until a fresh token's expiry, when that is later.
	 * @param expiresAtMillis epoch milliseconds
	 */
	void extendAccess(long expiresAtMillis) {
		this.accessExpiresAtMillis = Math.max(this.accessExpiresAtMillis, expiresAtMillis);
	}

	/**
	 * What is due now; a due ping counts as sent.
	 * @param nowNanos {@link System#nanoTime()}
	 * @param nowMillis {@link System#currentTimeMillis()}
	 * @param writeStartedNanos when the write in flight started, {@code 0} when none is
	 * @return the most pressing thing due
	 */
	Due check(long nowNanos, long nowMillis, long writeStartedNanos) {
		if (nowMillis >= this.accessExpiresAtMillis) {
			return Due.TOKEN_EXPIRED;
		}
		if (writeStartedNanos != 0 && nowNanos - writeStartedNanos > this.limits.sendTimeLimitNanos()) {
			return Due.WRITE_TOO_SLOW;
		}
		if (nowNanos - this.lastHeardNanos > this.limits.heartbeatTimeoutNanos()) {
			return Due.SILENT;
		}
		if (nowNanos - this.lastPingNanos >= this.limits.heartbeatNanos()) {
			this.lastPingNanos = nowNanos;
			return Due.PING;
		}
		return Due.NOTHING;
	}

}
