package com.labelpush.clienttokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientTokenRulesTests {

	private final ECKey key = generate();

	private final JwtDecoder decoder = ClientTokenRules.decoder(
			new ImmutableJWKSet<>(new JWKSet(this.key.toPublicJWK())), "label-api", "push-gateway",
			Duration.ofSeconds(5));

	@Test
	void shouldAcceptAnEs256TokenOfTheIssuerForTheAudienceAndReadItsCamera() {
		String token = sign(claims().build());

		assertThat(this.decoder.decode(token).getClaimAsString(ClientTokenRules.CAMERA_CLAIM)).isEqualTo("cam-7");
	}

	@Test
	void shouldRefuseAnExpiredTokenPastTheSkewButNotWithinIt() {
		assertThat(this.decoder.decode(sign(claims().expirationTime(at(-3)).build()))).isNotNull();

		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> this.decoder.decode(sign(claims().expirationTime(at(-10)).build())));
	}

	@Test
	void shouldRefuseATokenWithoutExpiryOrOfAnotherIssuerOrAudience() {
		for (JWTClaimsSet claims : List.of(claims().expirationTime(null).build(), claims().issuer("elsewhere").build(),
				claims().audience("another-service").build())) {
			assertThatExceptionOfType(JwtException.class).as(claims.toString())
				.isThrownBy(() -> this.decoder.decode(sign(claims)));
		}
	}

	@Test
	void shouldRefuseAnyOtherAlgorithmOrKey() throws JOSEException {
		SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
		hmac.sign(new MACSigner(new byte[32]));
		SignedJWT otherKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build(),
				claims().build());
		otherKey.sign(new ECDSASigner(generate()));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(hmac.serialize()));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(otherKey.serialize()));
	}

	private static JWTClaimsSet.Builder claims() {
		return new JWTClaimsSet.Builder().issuer("label-api")
			.audience("push-gateway")
			.expirationTime(at(600))
			.claim(ClientTokenRules.CAMERA_CLAIM, "cam-7");
	}

	private String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).build(),
					claims);
			jwt.sign(new ECDSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Date at(long secondsFromNow) {
		return Date.from(Instant.now().plusSeconds(secondsFromNow));
	}

	private static ECKey generate() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
