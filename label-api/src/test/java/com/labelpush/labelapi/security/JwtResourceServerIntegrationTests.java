package com.labelpush.labelapi.security;

import java.time.Instant;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.Api.Reply;
import com.labelpush.labelapi.support.IdentityProvider;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation with an identity provider: label-api as an OAuth 2 resource server,
 * taking the provider's JWTs beside the configured API keys.
 */
@LabelApiIntegrationTest
class JwtResourceServerIntegrationTests {

	static final IdentityProvider idp = IdentityProvider.start();

	@LocalServerPort
	int port;

	private Api api;

	private String camera;

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", idp::jwkSetUri);
	}

	@AfterAll
	static void stopIdentityProvider() {
		idp.close();
	}

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.camera = freshCamera();
	}

	@Test
	void shouldLetAnAdminTokenOfTheProviderWrite() {
		Api admin = this.api.as(idp.token("labels:read labels:write", inAnHour()));

		Reply created = admin.post("/api/labels", Api.label(this.camera, "from the idp", 1, 2));

		assertThat(created.status()).isEqualTo(201);
		assertThat(admin.get(created.header("Location")).status()).isEqualTo(200);
	}

	@Test
	void shouldLetAReadScopeReadButNotWrite() {
		Api reader = this.api.as(idp.token("labels:read", inAnHour()));

		assertThat(reader.get("/api/labels?cameraId=" + this.camera).status()).isEqualTo(200);
		Reply refused = reader.post("/api/labels", Api.label(this.camera, "refused", 1, 2));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldRefuseAnExpiredToken() {
		Reply reply = this.api.as(idp.token("labels:read labels:write", Instant.now().minusSeconds(600)))
			.post("/api/labels", Api.label(this.camera, "late", 1, 2));

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).containsIgnoringCase("expired");
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldRefuseATokenSignedByAnotherKey() {
		try (IdentityProvider impostor = IdentityProvider.start()) {
			Reply reply = this.api.as(impostor.token("labels:read labels:write", inAnHour()))
				.post("/api/labels", Api.label(this.camera, "forged", 1, 2));

			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.header("WWW-Authenticate")).contains("invalid_token");
		}
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldStillTakeTheConfiguredApiKeys() {
		assertThat(this.api.post("/api/labels", Api.label(this.camera, "by key", 1, 2)).status()).isEqualTo(201);
	}

	private long labelCount() {
		return this.api.get("/api/labels?cameraId=" + this.camera).json().get("totalElements").asLong();
	}

	private static Instant inAnHour() {
		return Instant.now().plusSeconds(3600);
	}

}
