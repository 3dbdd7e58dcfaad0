package com.labelpush.gateway.resume;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway reaches label-api's event history.
 *
 * @param baseUrl label-api's base URL
 * @param connectTimeout connect timeout of one call
 * @param readTimeout read timeout of one call
 * @param attempts calls made for one resume before giving up (the client then gets
 * resync)
 * @param retryBackoff pause before the second attempt, doubled for each further one
 */
@ConfigurationProperties("gateway.history")
@Validated
public record HistoryProperties(@NotNull URI baseUrl, @NotNull Duration connectTimeout, @NotNull Duration readTimeout,
		@Min(1) @Max(10) int attempts, @NotNull Duration retryBackoff) {

	public HistoryProperties {
		if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
			throw new IllegalArgumentException("gateway.history.base-url must be an http(s) URL, got " + baseUrl);
		}
	}

}
