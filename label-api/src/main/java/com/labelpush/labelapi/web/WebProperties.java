package com.labelpush.labelapi.web;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the HTTP edge.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413
 * @param corsAllowedOrigins origins of the admin front end allowed to call the API from a
 * browser; empty allows none
 */
@ConfigurationProperties("labels.web")
@Validated
public record WebProperties(@DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@Nullable List<String> corsAllowedOrigins) {

	public WebProperties {
		if (maxBodySize != null && maxBodySize.toBytes() < 1024) {
			throw new IllegalArgumentException("labels.web.max-body-size must be at least 1KB, got " + maxBodySize);
		}
		corsAllowedOrigins = (corsAllowedOrigins != null) ? List.copyOf(corsAllowedOrigins) : List.of();
	}

}
