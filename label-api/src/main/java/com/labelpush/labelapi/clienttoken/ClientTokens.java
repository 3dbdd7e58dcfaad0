package com.labelpush.labelapi.clienttoken;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.labelpush.clienttokens.ClientTokenRules;
import com.labelpush.events.CameraId;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issues client tokens: ES256 JWTs whose {@code cameraId} claim names the one camera the
 * bearer may watch.
 */
public class ClientTokens {

	private final ClientTokenProperties properties;

	private final Clock clock;

	private final ECKey key;

	private final JwtEncoder encoder;

	public ClientTokens(ClientTokenProperties properties, Clock clock) {
		if (properties.signingKey() == null) {
			throw new IllegalStateException(
					"labels.client-tokens.signing-key is not set: label-api needs an EC P-256 key "
							+ "to sign client tokens (see docs/label-api.md, 'Security'); for a developer machine only, run with the "
							+ "profile 'local'.");
		}
		this.properties = properties;
		this.clock = clock;
		this.key = SigningKey.read(properties.signingKey());
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(this.key)));
	}

	/**
	 * Signs a token for one camera.
	 * @param camera the camera the token opens
	 * @param ttl how long it is valid; at most the configured max-ttl
	 * @param issuedTo who asked, recorded in the token
	 * @return the token and when it expires
	 */
	public IssuedClientToken issue(CameraId camera, Duration ttl, String issuedTo) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(ttl);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.properties.issuer())
			.audience(List.of(this.properties.audience()))
			.claim(ClientTokenRules.CAMERA_CLAIM, camera.value())
			.claim("issuedTo", issuedTo)
			.id(UUID.randomUUID().toString())
			.issuedAt(now)
			.expiresAt(expiresAt)
			.build();
		JwsHeader header = JwsHeader.with(ClientTokenRules.ALGORITHM).keyId(this.key.getKeyID()).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new IssuedClientToken(token, camera.value(), expiresAt);
	}

	/**
	 * Whether a token names this label-api's signing key, so it can only be one of its
	 * client tokens (verify it with {@link #verifier()}).
	 * @param token a compact JWT
	 * @return whether its {@code kid} is this label-api's key id
	 */
	public boolean namesOwnKey(String token) {
		try {
			return this.key.getKeyID().equals(JWSObject.parse(token).getHeader().getKeyID());
		}
		catch (ParseException ex) {
			return false;
		}
	}

	/**
	 * Verifies the client tokens this label-api issued: signature, issuer, audience,
	 * expiry.
	 * @return the decoder
	 */
	public JwtDecoder verifier() {
		// no skew: the tokens carry no nbf, and replicas' clocks differ by less than a
		// token's lifetime is ever meant to be precise to
		return ClientTokenRules.decoder(new ImmutableJWKSet<>(new JWKSet(this.key.toPublicJWK())),
				this.properties.issuer(), this.properties.audience(), Duration.ZERO);
	}

	/**
	 * The public keys that verify client tokens, as a JWK set.
	 * @return the JWK set document
	 */
	public Map<String, Object> publicKeys() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject();
	}

	Duration defaultTtl() {
		return this.properties.defaultTtl();
	}

	Duration maxTtl() {
		return this.properties.maxTtl();
	}

	/**
	 * A token as the caller receives it.
	 *
	 * @param token the signed JWT
	 * @param cameraId the camera it opens
	 * @param expiresAt when it stops opening it
	 */
	public record IssuedClientToken(String token, String cameraId, Instant expiresAt) {
	}

}
