package com.labelpush.labelapi.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox as operators see it: how much is waiting and for how long, how fast it
 * drains, and how long a commit takes to be confirmed by the broker.
 */
@Component
class OutboxMetrics {

	private final OutboxStore store;

	private final Clock clock;

	private final Counter published;

	private final Counter failedBatches;

	private final Timer commitToConfirm;

	private final AtomicLong backlog = new AtomicLong();

	private final AtomicLong oldestAgeMillis = new AtomicLong();

	OutboxMetrics(OutboxStore store, MeterRegistry registry, Clock clock) {
		this.store = store;
		this.clock = clock;
		this.published = Counter.builder("labels.outbox.published")
			.description("Events confirmed by the broker")
			.register(registry);
		this.failedBatches = Counter.builder("labels.outbox.failed.batches")
			.description("Batches not confirmed (broker unreachable, nack or timeout) and retried")
			.register(registry);
		this.commitToConfirm = Timer.builder("labels.outbox.commit.to.confirm")
			.description("Time from a change's commit to the broker's confirm of its event")
			.publishPercentileHistogram()
			.register(registry);
		Gauge.builder("labels.outbox.backlog", this.backlog, AtomicLong::get)
			.description("Events committed but not yet confirmed by the broker")
			.register(registry);
		Gauge.builder("labels.outbox.oldest.age", this.oldestAgeMillis, (millis) -> millis.get() / 1000.0)
			.description("Age in seconds of the oldest event not yet confirmed by the broker")
			.baseUnit("seconds")
			.register(registry);
	}

	void published(List<PendingEvent> batch, Instant confirmedAt) {
		this.published.increment(batch.size());
		for (PendingEvent event : batch) {
			this.commitToConfirm.record(Duration.between(event.occurredAt(), confirmedAt));
		}
	}

	void failed() {
		this.failedBatches.increment();
	}

	// Counted on a schedule rather than per scrape, so a busy scraper cannot load
	// the database.
	@Scheduled(fixedDelay = 5000, initialDelay = 1000)
	void refreshBacklog() {
		OutboxStore.Backlog current = this.store.backlog();
		this.backlog.set(current.count());
		this.oldestAgeMillis.set((current.oldest() != null)
				? Math.max(0, Duration.between(current.oldest(), this.clock.instant()).toMillis()) : 0);
	}

}
