package com.labelpush.gateway.session;

/**
 * How many frames a client may send per second, counted in one-second windows. Used by
 * the one container thread that delivers the session's frames, one at a time.
 */
final class InboundLimit {

	private static final long SECOND_NANOS = 1_000_000_000L;

	private final int perSecond;

	private long windowStartNanos;

	private int inWindow;

	/**
	 * @param perSecond frames allowed per second
	 * @param nowNanos {@link System#nanoTime()}: the first window starts now (nanoTime
	 * may be negative)
	 */
	InboundLimit(int perSecond, long nowNanos) {
		this.perSecond = perSecond;
		this.windowStartNanos = nowNanos;
	}

	/**
	 * Counts a frame.
	 * @param nowNanos {@link System#nanoTime()}
	 * @return whether it is within the limit
	 */
	boolean allow(long nowNanos) {
		if (nowNanos - this.windowStartNanos >= SECOND_NANOS) {
			this.windowStartNanos = nowNanos;
			this.inWindow = 0;
		}
		return ++this.inWindow <= this.perSecond;
	}

}
