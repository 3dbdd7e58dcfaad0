package com.labelpush.labelapi.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the outbox relay.
 *
 * @param batchSize most events published per transaction
 * @param pollInterval safety-net poll; the relay is otherwise woken right after each
 * commit
 * @param confirmTimeout how long to wait for the broker to confirm a batch before
 * retrying it
 * @param retryMinBackoff first pause after a failed batch
 * @param retryMaxBackoff longest pause between retries while the broker stays unreachable
 */
@ConfigurationProperties("labels.outbox")
@Validated
public record OutboxProperties(@DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("5s") @NotNull Duration confirmTimeout,
		@DefaultValue("100ms") @NotNull Duration retryMinBackoff,
		@DefaultValue("10s") @NotNull Duration retryMaxBackoff) {

	public OutboxProperties {
		requirePositive("poll-interval", pollInterval);
		requirePositive("confirm-timeout", confirmTimeout);
		requirePositive("retry-min-backoff", retryMinBackoff);
		requirePositive("retry-max-backoff", retryMaxBackoff);
		if (retryMaxBackoff != null && retryMinBackoff != null && retryMaxBackoff.compareTo(retryMinBackoff) < 0) {
			throw new IllegalArgumentException("labels.outbox.retry-max-backoff (" + retryMaxBackoff
					+ ") must not be shorter than retry-min-backoff (" + retryMinBackoff + ")");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException("labels.outbox." + name + " must be positive, got " + value);
		}
	}

}
