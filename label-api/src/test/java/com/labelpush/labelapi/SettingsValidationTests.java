package com.labelpush.labelapi;

import java.time.Duration;

import com.labelpush.labelapi.history.HistoryProperties;
import com.labelpush.labelapi.idempotency.IdempotencyProperties;
import com.labelpush.labelapi.outbox.OutboxProperties;
import com.labelpush.labelapi.web.WebProperties;
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

/** Wrong settings stop label-api at start-up with a message naming the setting. */
class SettingsValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(AllSettings.class);

	// The defaults live in the settings records alone: with nothing set, all have one.
	@Test
	void shouldStartWithoutAnySetting() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(OutboxProperties.class).batchSize()).isEqualTo(500);
			assertThat(context.getBean(OutboxProperties.class).retryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(HistoryProperties.class).retention()).isEqualTo(Duration.ofHours(24));
			assertThat(context.getBean(IdempotencyProperties.class).keyTtl()).isEqualTo(Duration.ofHours(24));
			assertThat(context.getBean(WebProperties.class).maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(context.getBean(WebProperties.class).corsAllowedOrigins()).isEmpty();
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			labels.outbox.batch-size=0           | batchSize
			labels.outbox.poll-interval=0s       | poll-interval
			labels.outbox.retry-max-backoff=10ms | retry-max-backoff
			labels.history.retention=-1h         | retention
			labels.idempotency.key-ttl=0s        | key-ttl
			labels.web.max-body-size=10B         | max-body-size
			""")
	void shouldFailAtStartupOnAWrongSetting(String setting, String named) {
		this.runner.withPropertyValues(setting)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().message().contains(named));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ OutboxProperties.class, HistoryProperties.class, IdempotencyProperties.class,
			WebProperties.class })
	static class AllSettings {

	}

}
