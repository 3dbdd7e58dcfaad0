package com.labelpush.labelapi.history;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event history clients resume from.
 *
 * @param retention how long published events are kept; a resume from further back gets
 * 410
 * @param pruneInterval how often expired events are removed
 */
@ConfigurationProperties("labels.history")
@Validated
public record HistoryProperties(@DefaultValue("24h") @NotNull Duration retention,
		@DefaultValue("5m") @NotNull Duration pruneInterval) {

	public HistoryProperties {
		if (retention != null && (retention.isNegative() || retention.isZero())) {
			throw new IllegalArgumentException("labels.history.retention must be positive, got " + retention);
		}
		if (pruneInterval != null && (pruneInterval.isNegative() || pruneInterval.isZero())) {
			throw new IllegalArgumentException("labels.history.prune-interval must be positive, got " + pruneInterval);
		}
	}

}
