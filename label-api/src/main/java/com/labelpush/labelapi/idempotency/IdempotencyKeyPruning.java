package com.labelpush.labelapi.idempotency;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Forgets idempotency keys once their time to live has passed. */
@Component
class IdempotencyKeyPruning implements SchedulingConfigurer {

	private static final Log logger = LogFactory.getLog(IdempotencyKeyPruning.class);

	private static final Duration MAX_INTERVAL = Duration.ofMinutes(5);

	private final IdempotencyKeys keys;

	private final IdempotencyProperties properties;

	private final Clock clock;

	IdempotencyKeyPruning(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		// Often enough to honour a short TTL (as in tests), at most every 5 minutes.
		Duration half = this.properties.keyTtl().dividedBy(2);
		registrar.addFixedDelayTask(this::prune, (half.compareTo(MAX_INTERVAL) < 0) ? half : MAX_INTERVAL);
	}

	void prune() {
		int removed = this.keys.forgetClaimedBefore(this.clock.instant().minus(this.properties.keyTtl()));
		if (removed > 0) {
			logger.info("idempotency keys pruned count=" + removed);
		}
	}

}
