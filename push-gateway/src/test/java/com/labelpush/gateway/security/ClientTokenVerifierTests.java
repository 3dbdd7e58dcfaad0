package com.labelpush.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.labelpush.clienttokens.ClientTokenRules;
import com.labelpush.events.CameraId;
import com.labelpush.gateway.security.TokenRefused.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A token verified once is remembered until it expires, and only the exact token: against
 * a decoder that counts its verifications.
 */
class ClientTokenVerifierTests {

	private static final CameraId CAMERA = CameraId.of("cam-7");

	private final AtomicInteger decoded = new AtomicInteger();

	// "<camera>:<expiry, epoch millis>" stands for a genuine token, anything else forged
	private final JwtDecoder decoder = (token) -> {
		this.decoded.incrementAndGet();
		String[] parts = token.split(":");
		if (parts.length != 2) {
			throw new BadJwtException("An error occurred while attempting to decode the Jwt: Malformed token");
		}
		Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
		if (!expiresAt.isAfter(Instant.now())) {
			throw new BadJwtException("Jwt expired at " + expiresAt);
		}
		return Jwt.withTokenValue(token)
			.headers((headers) -> headers.putAll(Map.of("alg", ClientTokenRules.ALGORITHM.getName())))
			.claim(ClientTokenRules.CAMERA_CLAIM, parts[0])
			.issuedAt(Instant.now().minusSeconds(1))
			.expiresAt(expiresAt)
			.build();
	};

	private final ClientTokenVerifier verifier = new ClientTokenVerifier(this.decoder, Duration.ZERO);

	@Test
	void shouldVerifyATokenOnceAndRememberItForTheNextConnection() throws TokenRefused {
		String token = token("cam-7", Duration.ofMinutes(10));

		ClientGrant first = this.verifier.verify(token, CAMERA);
		ClientGrant again = this.verifier.verify(token, CAMERA);

		assertThat(again).isEqualTo(first);
		assertThat(first.camera()).isEqualTo(CAMERA);
		assertThat(this.decoded).as("verifications").hasValue(1);
	}

	@Test
	void shouldRefuseARememberedTokenForAnotherCamera() throws TokenRefused {
		String token = token("cam-7", Duration.ofMinutes(10));
		this.verifier.verify(token, CAMERA);

		assertThatExceptionOfType(TokenRefused.class)
			.isThrownBy(() -> this.verifier.verify(token, CameraId.of("cam-8")))
			.extracting(TokenRefused::kind)
			.isEqualTo(Kind.WRONG_CAMERA);
	}

	@Test
	void shouldVerifyARememberedTokenAgainOnceItExpired() throws TokenRefused {
		String token = token("cam-7", Duration.ofMillis(300));
		this.verifier.verify(token, CAMERA);

		await().atMost(Duration.ofSeconds(5))
			.until(() -> Instant.now().isAfter(Instant.ofEpochMilli(Long.parseLong(token.split(":")[1]))));

		assertThatExceptionOfType(TokenRefused.class).isThrownBy(() -> this.verifier.verify(token, CAMERA))
			.extracting(TokenRefused::kind)
			.isEqualTo(Kind.INVALID);
		assertThat(this.decoded).as("verifications").hasValue(2);
	}

	@Test
	void shouldNeverRememberARefusedToken() {
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(TokenRefused.class).isThrownBy(() -> this.verifier.verify("forged", CAMERA))
				.extracting(TokenRefused::kind)
				.isEqualTo(Kind.INVALID);
		}
		assertThat(this.decoded).as("verifications").hasValue(2);
	}

	private static String token(String camera, Duration ttl) {
		return camera + ":" + Instant.now().plus(ttl).truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
	}

}
