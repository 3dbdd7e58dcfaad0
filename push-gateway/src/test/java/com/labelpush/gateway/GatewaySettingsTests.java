package com.labelpush.gateway;

import com.labelpush.gateway.security.ClientTokenProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong settings stop the gateway at start-up with a message naming the setting. */
class GatewaySettingsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class)
		.withPropertyValues("gateway.heartbeat=25s", "gateway.heartbeat-timeout=60s", "gateway.max-frame-size=8KB",
				"gateway.send-buffer-limit=512KB", "gateway.send-time-limit=10s", "gateway.binding-linger=5s",
				"gateway.drain-window=10s", "gateway.reconnect-min=1s", "gateway.reconnect-max=30s",
				"gateway.limits.max-sessions=20000", "gateway.limits.handshakes-per-second-per-address=50",
				"gateway.limits.inbound-messages-per-second=20");

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
			gateway.limits.handshakes-per-second-per-address=0 | handshakesPerSecondPerAddress
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
	@EnableConfigurationProperties({ GatewayProperties.class, ClientTokenProperties.class })
	static class Settings {

	}

}
