package com.labelpush.labelapi.clienttoken;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** No client token is signed with a missing, unreadable or weak key. */
class ClientTokenSettingsTests {

	@Test
	void shouldRequireASigningKey() {
		assertThatIllegalStateException().isThrownBy(() -> new ClientTokens(settings(null), Clock.systemUTC()))
			.withMessageContaining("labels.client-tokens.signing-key is not set");
	}

	@Test
	void shouldRefuseAFileThatIsNotAPkcs8Key() {
		ByteArrayResource notAKey = new ByteArrayResource("-----BEGIN PRIVATE KEY-----\nnope\n".getBytes());
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientTokens(settings(notAKey), Clock.systemUTC()))
			.withMessageContaining("EC P-256 private key in PKCS#8");
	}

	@Test
	void shouldRefuseAnRsaKey() {
		ClassPathResource rsa = new ClassPathResource("rsa-key.pem");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientTokens(settings(rsa), Clock.systemUTC()))
			.withMessageContaining("not an EC private key");
	}

	@Test
	void shouldReadTheConfiguredKey() {
		assertThatNoException()
			.isThrownBy(() -> new ClientTokens(settings(new ClassPathResource("client-tokens-test-key.pem")),
					Clock.systemUTC()));
	}

	@Test
	void shouldRefuseADefaultLifetimeAboveTheMaximum() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClientTokenProperties(null, "label-api", "push-gateway", Duration.ofHours(2),
					Duration.ofHours(1)))
			.withMessageContaining("default-ttl");
	}

	private static ClientTokenProperties settings(org.springframework.core.io.Resource key) {
		return new ClientTokenProperties(key, "label-api", "push-gateway", Duration.ofHours(1), Duration.ofHours(24));
	}

}
