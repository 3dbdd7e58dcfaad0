package com.labelpush.system.benchmark;

/** Percentiles of measured values, by nearest rank. */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The value below or at which a share of the values lies.
	 * @param sorted the values, in ascending order
	 * @param p the share, above 0 and at most 1 (1 gives the largest)
	 * @return the value, or -1 when there are none
	 */
	static long at(long[] sorted, double p) {
		if (sorted.length == 0) {
			return -1;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

}
