package com.labelpush.labelapi.clienttoken;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How client tokens are signed and how long they may live.
 *
 * @param signingKey PEM file of the EC P-256 private key (PKCS#8) that signs client
 * tokens; its public half is published at {@code /.well-known/jwks.json}. Required: there
 * is no default key.
 * @param issuer the tokens' {@code iss} claim, which the gateways expect
 * @param audience the tokens' {@code aud} claim, which the gateways expect
 * @param defaultTtl lifetime of a token when the request names none
 * @param maxTtl longest lifetime a request may ask for
 */
@ConfigurationProperties("labels.client-tokens")
public record ClientTokenProperties(@Nullable Resource signingKey, @DefaultValue("label-api") String issuer,
		@DefaultValue("push-gateway") String audience, @DefaultValue("1h") Duration defaultTtl,
		@DefaultValue("24h") Duration maxTtl) {

	public ClientTokenProperties {
		if (maxTtl.isNegative() || maxTtl.isZero()) {
			throw new IllegalArgumentException("labels.client-tokens.max-ttl must be positive, got " + maxTtl);
		}
		if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(maxTtl) > 0) {
			throw new IllegalArgumentException("labels.client-tokens.default-ttl must be positive and at most max-ttl ("
					+ maxTtl + "), got " + defaultTtl);
		}
		if (issuer.isBlank() || audience.isBlank()) {
			throw new IllegalArgumentException("labels.client-tokens.issuer and .audience must not be blank");
		}
	}

}
