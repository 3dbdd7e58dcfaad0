package com.labelpush.gateway;

import java.time.Duration;

import com.labelpush.gateway.resume.HistoryProperties;
import com.labelpush.gateway.security.ClientTokenProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong settings stop the gateway at start-up with a message naming the setting. */
class GatewaySettingsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	// The defaults live in the settings records alone: with nothing set, all have one.
	@Test
	void shouldStartWithoutAnySetting() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			GatewayProperties gateway = context.getBean(GatewayProperties.class);
			assertThat(gateway.heartbeat()).isEqualTo(Duration.ofSeconds(25));
			assertThat(gateway.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(gateway.maxFrameSize()).isEqualTo(DataSize.ofKilobytes(8));
			assertThat(gateway.limits().maxSessions()).isEqualTo(20000);
			assertThat(gateway.limits().refusedHandshakesPerSecondPerAddress()).isEqualTo(50);
			assertThat(gateway.limits().newSessionsPerSecond()).isEqualTo(500);
			assertThat(gateway.allowedOrigins()).isEmpty();
			assertThat(context.getBean(HistoryProperties.class).attempts()).isEqualTo(3);
			assertThat(context.getBean(HistoryProperties.class).apiKey()).isNull();
			assertThat(context.getBean(ClientTokenProperties.class).clockSkew()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void shouldGenerateAnInstanceIdWhenNoneIsSet() {
		this.runner.run((context) -> {
			GatewayProperties properties = context.getBean(GatewayProperties.class);
			assertThat(properties.instanceId()).matches("[A-Za-z0-9_.-]+-[0-9a-f]{8}");
			assertThat(properties.queueName()).isEqualTo("push-gateway." + properties.instanceId());
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			gateway.instance-id=a/b           | instance-id
			gateway.heartbeat-timeout=20s     | heartbeat-timeout
			gateway.heartbeat=0s              | heartbeat
			gateway.max-frame-size=10B        | max-frame-size
			gateway.send-buffer-limit=1KB     | send-buffer-limit
			gateway.reconnect-max=100ms       | reconnect-max
			gateway.drain-window=-1s          | drain-window
			gateway.limits.max-sessions=0     | maxSessions
			gateway.limits.inbound-messages-per-second=0 | inboundMessagesPerSecond
			gateway.limits.refused-handshakes-per-second-per-address=0 | refusedHandshakesPerSecondPerAddress
			gateway.limits.new-sessions-per-second=0 | newSessionsPerSecond
			gateway.client-tokens.clock-skew=10m | clock-skew
			""")
	void shouldFailAtStartupOnAWrongSetting(String setting, String named) {
		this.runner.withPropertyValues(setting)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().message().contains(named));
	}

	@Test
	void shouldRefuseTwoSourcesOfClientTokenKeys() {
		this.runner
			.withPropertyValues("gateway.client-tokens.jwk-set-uri=http://label-api/.well-known/jwks.json",
					"gateway.client-tokens.public-key=classpath:client-tokens-test-public.pem")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.message()
				.contains("set one of gateway.client-tokens.jwk-set-uri and gateway.client-tokens.public-key"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ GatewayProperties.class, ClientTokenProperties.class, HistoryProperties.class })
	static class Settings {

	}

}
