package com.labelpush.labelapi.security;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.Api.Reply;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/** API keys: who may write, who may only read, and what everybody else is told. */
@LabelApiIntegrationTest
class ApiSecurityIntegrationTests {

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
	void shouldRefuseAWriteWithoutATokenAndStoreNothing() {
		Reply reply = this.admin.as(null).post("/api/labels", Api.label(this.camera, "anonymous", 1, 2));

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(reply.json().get("title").asString()).isEqualTo("Authentication required");
		assertThat(reply.json().get("detail").asString()).contains("Authorization: Bearer");
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldRefuseAnUnknownKey() {
		Reply reply = this.admin.as("not-a-key").post("/api/labels", Api.label(this.camera, "forged", 1, 2));

		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(reply.json().get("detail").asString()).contains("not a known API key");
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldLetAReadOnlyKeyReadButNotWrite() {
		Reply created = this.admin.post("/api/labels", Api.label(this.camera, "kept", 1, 2));
		String location = created.header("Location");
		Api reader = this.admin.as(Api.READER_KEY);

		assertThat(reader.get("/api/labels?cameraId=" + this.camera).status()).isEqualTo(200);
		assertThat(reader.get(location).status()).isEqualTo(200);
		assertThat(reader.get("/api/cameras/" + this.camera + "/events").status()).isEqualTo(200);
		Reply post = reader.post("/api/labels", Api.label(this.camera, "refused", 1, 2));
		Reply put = reader.put(location, Api.label(this.camera, "changed", 9, 9));
		Reply delete = reader.delete(location);

		for (Reply refused : new Reply[] { post, put, delete }) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope");
			assertThat(refused.json().get("detail").asString()).contains("labels:write");
		}
		assertThat(labelCount()).isOne();
		assertThat(this.admin.get(location).json().get("name").asString()).isEqualTo("kept");
	}

	@Test
	void shouldRequireATokenForReadsByDefault() {
		Api anonymous = this.admin.as(null);

		assertThat(anonymous.get("/api/labels?cameraId=" + this.camera).status()).isEqualTo(401);
		assertThat(anonymous.get("/api/cameras/" + this.camera + "/events").status()).isEqualTo(401);
	}

	@Test
	void shouldLeaveProbesScrapingAndTheClientTokenKeysOpen() {
		Api anonymous = this.admin.as(null);

		assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(anonymous.get("/.well-known/jwks.json").json().get("keys").size()).isOne();
		assertThat(anonymous.get("/").contentType()).startsWith("text/html");
	}

	private long labelCount() {
		return this.admin.get("/api/labels?cameraId=" + this.camera).json().get("totalElements").asLong();
	}

}
