package com.labelpush.gateway.security;

import com.labelpush.gateway.PushGatewayApplication;
import com.labelpush.gateway.resume.HistoryProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/** The development credential exists only under the profile 'local', which says so. */
@ExtendWith(OutputCaptureExtension.class)
class LocalProfileIntegrationTests {

	@Test
	void shouldUseTheDevelopmentKeyOnlyUnderTheLocalProfileAndWarn(CapturedOutput output) {
		try (ConfigurableApplicationContext gateway = start("test")) {
			assertThat(gateway.getBean(HistoryProperties.class).apiKey()).isNull();
			assertThat(output).doesNotContain("Profile 'local' is active");
		}
		try (ConfigurableApplicationContext gateway = start("test", "local")) {
			assertThat(gateway.getBean(HistoryProperties.class).apiKey()).isEqualTo("dev-gateway-key");
			assertThat(output).contains("Profile 'local' is active", "Never run with this profile");
		}
	}

	private static ConfigurableApplicationContext start(String... profiles) {
		return new SpringApplicationBuilder(PushGatewayApplication.class).profiles(profiles)
			.run("--server.port=0", "--gateway.instance-id=local-" + freshCamera());
	}

}
