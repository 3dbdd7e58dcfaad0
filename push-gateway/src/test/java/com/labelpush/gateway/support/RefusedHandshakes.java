package com.labelpush.gateway.support;

import io.micrometer.core.instrument.MeterRegistry;

/** How many handshakes a gateway refused for a reason, from its metrics. */
public final class RefusedHandshakes {

	private RefusedHandshakes() {
	}

	/**
	 * The count of {@code gateway.handshakes.refused} for a reason.
	 * @param metrics the gateway's registry
	 * @param reason the reason tag, such as {@code invalid_token}
	 * @return how many so far
	 */
	public static double count(MeterRegistry metrics, String reason) {
		return metrics.counter("gateway.handshakes.refused", "reason", reason).count();
	}

}
