package com.labelpush.gateway.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundLimitTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void shouldAllowTheLimitPerSecondAndCountAfreshInTheNextSecond() {
		// nanoTime may be negative
		long start = -5 * SECOND;
		InboundLimit limit = new InboundLimit(3, start);

		assertThat(limit.allow(start)).isTrue();
		assertThat(limit.allow(start + 1)).isTrue();
		assertThat(limit.allow(start + 2)).isTrue();
		assertThat(limit.allow(start + SECOND - 1)).isFalse();
		assertThat(limit.allow(start + SECOND)).isTrue();
	}

}
