package com.labelpush.clienttokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What makes a client token, for the label-api that issues them and the gateways that
 * verify them: signed with ES256 (no other algorithm is accepted), with an expiry, the
 * issuer and audience configured on both sides, and the camera it opens in
 * {@value #CAMERA_CLAIM}.
 */
public final class ClientTokenRules {

	/** The claim naming the one camera a token opens. */
	public static final String CAMERA_CLAIM = "cameraId";

	/** The one signature algorithm. */
	public static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.ES256;

	private ClientTokenRules() {
	}

	/**
	 * A decoder that accepts only client tokens: signed by one of the keys, unexpired
	 * (within the clock skew), of the issuer, for the audience.
	 * @param keys the public keys
	 * @param issuer the {@code iss} required
	 * @param audience the value {@code aud} must contain
	 * @param clockSkew how far the clocks of issuer and verifier may differ
	 * @return the decoder
	 */
	public static JwtDecoder decoder(JWKSource<SecurityContext> keys, String issuer, String audience,
			Duration clockSkew) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(ALGORITHM).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtTimestampValidator(clockSkew), new JwtIssuerValidator(issuer),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(aud) -> aud != null && aud.contains(audience))));
		return decoder;
	}

}
