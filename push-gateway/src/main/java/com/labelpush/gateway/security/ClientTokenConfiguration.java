package com.labelpush.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.labelpush.gateway.resume.HistoryProperties;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

@Configuration(proxyBeanMethods = false)
class ClientTokenConfiguration {

	private static final Log logger = LogFactory.getLog(ClientTokenConfiguration.class);

	private static final int KEY_SET_SIZE_LIMIT = 64 * 1024;

	@Bean
	ClientTokenVerifier clientTokenVerifier(ClientTokenProperties properties, HistoryProperties history) {
		NimbusJwtDecoder decoder;
		if (properties.publicKey() != null) {
			decoder = NimbusJwtDecoder.withPublicKey(publicKey(properties.publicKey())).build();
			logger.info("client tokens are verified with the public key " + properties.publicKey());
		}
		else {
			URI keySet = (properties.jwkSetUri() != null) ? properties.jwkSetUri() : history.clientTokenKeySet();
			decoder = NimbusJwtDecoder.withJwkSource(keySetSource(keySet, history)).build();
			logger.info("client tokens are verified with the key set at " + keySet + " (fetched once, then cached)");
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtTimestampValidator(properties.clockSkew()), new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(properties.audience()))));
		return new ClientTokenVerifier(decoder, properties.clockSkew());
	}

	// Nimbus's remote key set: cached for 5 minutes and refreshed ahead of expiry, so
	// connects cost no call to label-api; a key id it does not know (a rotated key)
	// makes it fetch again, at most once in 30 s however many such tokens arrive.
	private static JWKSource<SecurityContext> keySetSource(URI keySet, HistoryProperties history) {
		try {
			return JWKSourceBuilder
				.create(keySet.toURL(),
						new DefaultResourceRetriever((int) history.connectTimeout().toMillis(),
								(int) history.readTimeout().toMillis(), KEY_SET_SIZE_LIMIT))
				.build();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException(
					"gateway.client-tokens.jwk-set-uri must be an http(s) URL, got " + keySet, ex);
		}
	}

	private static RSAPublicKey publicKey(Resource pem) {
		try (InputStream in = pem.getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("gateway.client-tokens.public-key (" + pem
					+ ") must be a readable PEM file of an RSA public key ('BEGIN PUBLIC KEY'): " + ex.getMessage(),
					ex);
		}
	}

}
