package com.labelpush.gateway.resume;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway reaches label-api's event history.
 *
 * @param baseUrl label-api's base URL (default: label-api on the same machine)
 * @param connectTimeout connect timeout of one call
 * @param readTimeout read timeout of one call
 * @param attempts calls made for one resume before giving up (the client then gets
 * resync)
 * @param retryBackoff pause before the second attempt, doubled for each further one
 * @param apiKey this gateway's own credential for label-api (an API key with scope
 * {@code labels:read}), sent as a bearer token; without it the calls are anonymous, which
 * label-api refuses unless it lets anyone read
 */
@ConfigurationProperties("gateway.history")
@Validated
public record HistoryProperties(@DefaultValue("http://127.0.0.1:8080") @NotNull URI baseUrl,
		@DefaultValue("1s") @NotNull Duration connectTimeout, @DefaultValue("2s") @NotNull Duration readTimeout,
		@DefaultValue("3") @Min(1) @Max(10) int attempts, @DefaultValue("100ms") @NotNull Duration retryBackoff,
		@Nullable String apiKey) {

	public HistoryProperties {
		if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
			throw new IllegalArgumentException("gateway.history.base-url must be an http(s) URL, got " + baseUrl);
		}
		apiKey = (apiKey == null || apiKey.isBlank()) ? null : apiKey;
	}

	/**
	 * Where label-api publishes the keys that verify client tokens.
	 * @return {@code <base-url>/.well-known/jwks.json}
	 */
	public URI clientTokenKeySet() {
		String base = this.baseUrl.toString();
		return URI
			.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/.well-known/jwks.json");
	}

}
