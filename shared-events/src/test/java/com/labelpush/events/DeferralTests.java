package com.labelpush.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeferralTests {

	@Test
	void shouldReadTheWaitOfTheReasonItWrites() {
		String reason = Deferral.reason(840, "this gateway is opening many sessions");

		assertThat(reason).isEqualTo("retry in 840 ms: this gateway is opening many sessions");
		assertThat(Deferral.retryInMillis(4503, reason)).hasValue(840);
	}

	@Test
	void shouldFindNoWaitInOtherCloses() {
		assertThat(Deferral.retryInMillis(4503, "busy")).isEmpty();
		assertThat(Deferral.retryInMillis(4503, null)).isEmpty();
		assertThat(Deferral.retryInMillis(1013, "retry in 840 ms: client too slow")).isEmpty();
		assertThat(Deferral.retryInMillis(4503, "retry in -5 ms")).isEmpty();
		assertThat(Deferral.retryInMillis(4503, "retry in 99999999999999 ms")).isEmpty();
	}

}
