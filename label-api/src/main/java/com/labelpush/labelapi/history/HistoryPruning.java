package com.labelpush.labelapi.history;

import java.time.Clock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Removes events older than the retention, never one that is not yet published. */
@Component
class HistoryPruning implements SchedulingConfigurer {

	private static final Log logger = LogFactory.getLog(HistoryPruning.class);

	private final EventHistory history;

	private final HistoryProperties properties;

	private final Clock clock;

	HistoryPruning(EventHistory history, HistoryProperties properties, Clock clock) {
		this.history = history;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::prune, this.properties.pruneInterval());
	}

	int prune() {
		int removed = this.history.pruneBefore(this.clock.instant().minus(this.properties.retention()));
		if (removed > 0) {
			logger.info("history pruned count=" + removed + " retention=" + this.properties.retention());
		}
		return removed;
	}

}
