package com.labelpush.labelapi.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for {@code Idempotency-Key} handling.
 *
 * @param keyTtl how long a key's first result is returned for retries
 */
@ConfigurationProperties("labels.idempotency")
@Validated
public record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration keyTtl) {

	public IdempotencyProperties {
		if (keyTtl != null && (keyTtl.isNegative() || keyTtl.isZero())) {
			throw new IllegalArgumentException("labels.idempotency.key-ttl must be positive, got " + keyTtl);
		}
	}

}
