package com.labelpush.labelapi.clienttoken;

import java.time.Duration;
import java.time.Instant;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.Api.Reply;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tokens an admin hands to a desktop client, as the gateway will check them. */
@LabelApiIntegrationTest
class ClientTokenIntegrationTests {

	@LocalServerPort
	int port;

	private Api admin;

	private String camera;

	@BeforeEach
	void setUp() {
		this.admin = new Api(this.port);
		this.camera = freshCamera();
	}

	@Test
	void shouldIssueATokenForOneCameraVerifiableWithThePublishedKeys() {
		Reply reply = this.admin.post("/api/client-tokens",
				"{\"cameraId\":\"" + this.camera + "\",\"ttlSeconds\":120}");

		assertThat(reply.status()).isEqualTo(200);
		JsonNode body = reply.json();
		assertThat(body.get("cameraId").asString()).isEqualTo(this.camera);
		Jwt jwt = publishedKeys().decode(body.get("token").asString());
		assertThat(jwt.getClaimAsString("cameraId")).isEqualTo(this.camera);
		assertThat(jwt.getClaimAsString("iss")).isEqualTo("label-api");
		assertThat(jwt.getAudience()).containsExactly("push-gateway");
		assertThat(jwt.getClaimAsString("issuedTo")).isEqualTo("test-admin");
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofSeconds(120));
		assertThat(Instant.parse(body.get("expiresAt").asString())).isEqualTo(jwt.getExpiresAt());
	}

	@Test
	void shouldUseTheDefaultLifetimeWhenNoneIsAsked() {
		Reply reply = this.admin.post("/api/client-tokens", "{\"cameraId\":\"" + this.camera + "\"}");

		Jwt jwt = publishedKeys().decode(reply.json().get("token").asString());
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void shouldLetAClientTokenReadItsOwnCameraAndNothingElse() {
		String location = this.admin.post("/api/labels", Api.label(this.camera, "seen by the client", 1, 1))
			.header("Location");
		String other = freshCamera();
		Api client = this.admin.as(tokenFor(this.camera));

		Reply labels = client.get("/api/labels?cameraId=" + this.camera);
		assertThat(labels.status()).isEqualTo(200);
		assertThat(labels.json().get("totalElements").asLong()).isOne();
		assertThat(client.get("/api/cameras/" + this.camera + "/events").status()).isEqualTo(200);

		assertThat(client.get("/api/labels?cameraId=" + other).status()).isEqualTo(403);
		assertThat(client.get("/api/cameras/" + other + "/events").status()).isEqualTo(403);
		assertThat(client.get("/api/labels").status()).isEqualTo(403);
		assertThat(client.get("/api/cameras/latest-seqs?cameraId=" + this.camera).status()).isEqualTo(403);
		assertThat(client.get(location).status()).isEqualTo(403);
		assertThat(client.post("/api/labels", Api.label(this.camera, "sneaky", 1, 1)).status()).isEqualTo(403);
		assertThat(client.delete(location).status()).isEqualTo(403);
		assertThat(client.post("/api/client-tokens", "{\"cameraId\":\"" + other + "\"}").status()).isEqualTo(403);
		assertThat(this.admin.get(location).status()).isEqualTo(200);
	}

	@Test
	void shouldRefuseAnExpiredOrTamperedClientToken() throws Exception {
		String token = this.admin.post("/api/client-tokens", "{\"cameraId\":\"" + this.camera + "\",\"ttlSeconds\":1}")
			.json()
			.get("token")
			.asString();
		String[] parts = token.split("\\.");
		String otherCamera = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(this.camera, freshCamera())
						.getBytes());
		Api tampered = this.admin.as(parts[0] + "." + otherCamera + "." + parts[2]);

		assertThat(tampered.get("/api/labels?cameraId=" + this.camera).status()).isEqualTo(401);
		Api expired = this.admin.as(token);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> expired.get("/api/labels?cameraId=" + this.camera).status() == 401);
	}

	private String tokenFor(String camera) {
		return this.admin.post("/api/client-tokens", "{\"cameraId\":\"" + camera + "\"}")
			.json()
			.get("token")
			.asString();
	}

	private NimbusJwtDecoder publishedKeys() {
		return NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + this.port + "/.well-known/jwks.json")
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
	}

}
