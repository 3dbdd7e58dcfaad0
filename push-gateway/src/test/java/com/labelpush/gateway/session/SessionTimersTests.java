package com.labelpush.gateway.session;

import com.labelpush.gateway.session.SessionTimers.Due;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTimersTests {

	private static final long MS = 1_000_000L;

	// 1 MB buffer, 100 ms write limit, ping every 1 s, silent after 3 s
	private final SessionLimits limits = new SessionLimits(1 << 20, 100 * MS, 1000 * MS, 3000 * MS, 10);

	private final long start = 42 * MS;

	private final SessionTimers timers = new SessionTimers(this.limits, this.start, 10_000);

	@Test
	void shouldPingOncePerHeartbeat() {
		assertThat(this.timers.check(this.start + 999 * MS, 0, 0)).isEqualTo(Due.NOTHING);
		assertThat(this.timers.check(this.start + 1000 * MS, 0, 0)).isEqualTo(Due.PING);
		assertThat(this.timers.check(this.start + 1500 * MS, 0, 0)).isEqualTo(Due.NOTHING);
		assertThat(this.timers.check(this.start + 2000 * MS, 0, 0)).isEqualTo(Due.PING);
	}

	@Test
	void shouldFindAClientSilentForTheHeartbeatTimeoutUnlessHeard() {
		this.timers.heard(this.start + 2000 * MS);

		assertThat(this.timers.check(this.start + 4000 * MS, 0, 0)).isNotEqualTo(Due.SILENT);
		assertThat(this.timers.check(this.start + 5001 * MS, 0, 0)).isEqualTo(Due.SILENT);
	}

	@Test
	void shouldFindAWriteThatTookTooLong() {
		long writeStarted = this.start + 10 * MS;

		assertThat(this.timers.check(writeStarted + 100 * MS, 0, writeStarted)).isNotEqualTo(Due.WRITE_TOO_SLOW);
		assertThat(this.timers.check(writeStarted + 101 * MS, 0, writeStarted)).isEqualTo(Due.WRITE_TOO_SLOW);
	}

	@Test
	void shouldExpireWithTheTokenUnlessAFresherOneExtendsIt() {
		assertThat(this.timers.check(this.start, 10_000, 0)).isEqualTo(Due.TOKEN_EXPIRED);

		this.timers.extendAccess(20_000);
		assertThat(this.timers.check(this.start, 10_000, 0)).isEqualTo(Due.NOTHING);
		// an older token does not shorten it
		this.timers.extendAccess(15_000);
		assertThat(this.timers.check(this.start, 19_999, 0)).isEqualTo(Due.NOTHING);
		assertThat(this.timers.check(this.start, 20_000, 0)).isEqualTo(Due.TOKEN_EXPIRED);
	}

}
