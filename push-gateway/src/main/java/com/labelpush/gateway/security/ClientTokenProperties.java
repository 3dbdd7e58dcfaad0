package com.labelpush.gateway.security;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How client tokens are verified.
 *
 * @param jwkSetUri label-api's key set; fetched on first use, then cached. Default:
 * {@code <gateway.history.base-url>/.well-known/jwks.json}
 * @param publicKey instead of the key set: a PEM file of label-api's EC P-256 public key,
 * so that no call to label-api is ever made to verify a token
 * @param issuer the {@code iss} claim a token must carry
 * @param audience a value the {@code aud} claim must contain
 * @param clockSkew tolerance for clock differences with label-api when checking expiry
 */
@ConfigurationProperties("gateway.client-tokens")
public record ClientTokenProperties(@Nullable URI jwkSetUri, @Nullable Resource publicKey,
		@DefaultValue("label-api") String issuer, @DefaultValue("push-gateway") String audience,
		@DefaultValue("30s") Duration clockSkew) {

	public ClientTokenProperties {
		jwkSetUri = (jwkSetUri != null && jwkSetUri.toString().isBlank()) ? null : jwkSetUri;
		if (jwkSetUri != null && publicKey != null) {
			throw new IllegalArgumentException(
					"set one of gateway.client-tokens.jwk-set-uri and gateway.client-tokens.public-key, not both");
		}
		if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException(
					"gateway.client-tokens.clock-skew must be between 0s and 5m, got " + clockSkew);
		}
	}

}
