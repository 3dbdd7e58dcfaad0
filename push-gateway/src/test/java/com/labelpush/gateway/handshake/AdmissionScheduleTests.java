package com.labelpush.gateway.handshake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionScheduleTests {

	private static final long MS = 1_000_000;

	private static final long SECOND = 1000 * MS;

	// 100 per second: one every 10 ms, 25 at once
	private final AdmissionSchedule schedule = new AdmissionSchedule(100, Duration.ofSeconds(30), 0);

	@Test
	void shouldAdmitABurstOfAQuarterOfTheRateAtOnce() {
		List<Long> waits = admitAll(0, 30);

		assertThat(waits.subList(0, 26)).containsOnly(0L);
		assertThat(waits.subList(26, 30)).allMatch((wait) -> wait > 0);
	}

	@Test
	void shouldTellTheClientsBeyondTheBurstToComeBackOneSlotApart() {
		List<Long> waits = admitAll(0, 126);

		List<Long> deferred = waits.subList(26, 126);
		for (int i = 1; i < deferred.size(); i++) {
			assertThat(deferred.get(i) - deferred.get(i - 1)).isEqualTo(10 * MS);
		}
		// a hundred deferred clients at a hundred per second: the last within a second
		assertThat(deferred.get(99)).isBetween(SECOND - 200 * MS, SECOND + 200 * MS);
	}

	@Test
	void shouldAdmitEveryDeferredClientThatComesBackWhenToldEvenALittleOffTime() {
		List<Long> waits = admitAll(0, 1000);
		List<Long> returns = new ArrayList<>();
		for (int i = 0; i < waits.size(); i++) {
			if (waits.get(i) > 0) {
				// early and late by up to 50 ms, alternately
				returns.add(waits.get(i) + ((i % 2 == 0) ? -50 * MS : 50 * MS));
			}
		}
		returns.sort(null);

		for (long at : returns) {
			assertThat(this.schedule.admit(at)).as("a client back at %d ms", at / MS).isZero();
		}
	}

	@Test
	void shouldTellNobodyToWaitLongerThanTheLongestWait() {
		List<Long> waits = admitAll(0, 10_000);

		assertThat(waits).allMatch((wait) -> wait <= 30 * SECOND);
		assertThat(waits.get(9_999)).isEqualTo(30 * SECOND);
	}

	@Test
	void shouldAdmitAtTheRateOnceTheStormIsOver() {
		admitAll(0, 1000);

		long quiet = 60 * SECOND;
		assertThat(admitAll(quiet, 26)).containsOnly(0L);
	}

	private List<Long> admitAll(long now, int clients) {
		List<Long> waits = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			waits.add(this.schedule.admit(now));
		}
		return waits;
	}

}
