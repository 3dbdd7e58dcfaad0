package com.labelpush.labelapi.security;

import com.labelpush.labelapi.support.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/** The development credentials work only under the profile 'local', which says so. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "test", "local" })
class LocalProfileIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void shouldAcceptTheDevelopmentKeyAndWarnAboutIt(CapturedOutput output) {
		Api developer = new Api(this.port).as("dev-admin-key");

		assertThat(developer.post("/api/labels", Api.label(freshCamera(), "local", 1, 2)).status()).isEqualTo(201);
		assertThat(output).contains("Profile 'local' is active", "Never run with this profile");
	}

}
