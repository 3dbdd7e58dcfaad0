package com.labelpush.labelapi.security;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/** An installation that lets anyone read: writes still need the admin's token. */
@LabelApiIntegrationTest
@TestPropertySource(properties = "labels.security.reads-require-token=false")
class OpenReadsIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void shouldServeReadsWithoutATokenButNotWrites() {
		String camera = freshCamera();
		Api admin = new Api(this.port);
		String location = admin.post("/api/labels", Api.label(camera, "public", 1, 2)).header("Location");
		Api anonymous = admin.as(null);

		assertThat(anonymous.get(location).status()).isEqualTo(200);
		assertThat(anonymous.get("/api/labels?cameraId=" + camera).json().get("totalElements").asLong()).isOne();
		assertThat(anonymous.get("/api/cameras/" + camera + "/events").status()).isEqualTo(200);
		assertThat(anonymous.post("/api/labels", Api.label(camera, "anonymous", 1, 2)).status()).isEqualTo(401);
		assertThat(anonymous.delete(location).status()).isEqualTo(401);
		assertThat(anonymous.get(location).status()).isEqualTo(200);
	}

}
