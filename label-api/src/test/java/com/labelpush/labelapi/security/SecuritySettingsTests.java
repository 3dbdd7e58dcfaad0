package com.labelpush.labelapi.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.labelpush.labelapi.clienttoken.ClientTokenProperties;
import com.labelpush.labelapi.clienttoken.ClientTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;

/** label-api does not start open, nor with a key it could never match. */
class SecuritySettingsTests {

	private static final String ADMIN = "labels.security.api-keys.admin.";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withUserConfiguration(Security.class);

	@Test
	void shouldRefuseToStartWithoutAnyCredentials() {
		this.runner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.message()
			.contains("No credentials are configured", "labels.security.api-keys", "profile 'local'"));
	}

	@Test
	void shouldStartWithOneKey() {
		this.runner
			.withPropertyValues(ADMIN + "sha256=944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9",
					ADMIN + "scopes=labels:read,labels:write")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SecurityFilterChain.class));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					sha256=secret                                                          | scopes=labels:write | sha256 must be the 64 hex digits
					sha256=944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9 | scopes=labels:own   | scopes must name one or more of
					sha256=944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9 | scopes=             | scopes must name one or more of
					""")
	void shouldFailAtStartupOnAWrongKey(String sha256, String scopes, String message) {
		this.runner.withPropertyValues(ADMIN + sha256, ADMIN + scopes)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.message()
				.contains("labels.security.api-keys.admin", message));
	}

	@Test
	void shouldFailAtStartupWhenTwoNamesShareAKey() {
		String key = "sha256=944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9";
		this.runner
			.withPropertyValues(ADMIN + key, ADMIN + "scopes=labels:write", "labels.security.api-keys.other." + key,
					"labels.security.api-keys.other.scopes=labels:read")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.message()
				.contains("have the same key"));
	}

	// The compose file sets the keys as environment variables; Spring's relaxed binding
	// takes LABELS_SECURITY_APIKEYS_<NAME>_SHA256 (no separator inside "api-keys").
	@Test
	void shouldTakeTheKeysFromTheEnvironmentVariablesTheComposeFileSets() throws Exception {
		Map<String, Object> environment = new HashMap<>();
		Matcher variables = Pattern.compile("(?m)^\\s+(LABELS_SECURITY_[A-Z0-9_]+): (.+)$")
			.matcher(Files.readString(Path.of("..", "docker-compose.yml")));
		while (variables.find()) {
			String value = variables.group(2).trim();
			environment.put(variables.group(1), value.startsWith("${")
					? "944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd" + environment.size() : value);
		}
		assertThat(environment).isNotEmpty();
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", environment)))
			.run((context) -> assertThat(context.getBean(ApiSecurityProperties.class).apiKeys())
				.containsOnlyKeys("admin", "gateway")
				.allSatisfy((name, key) -> assertThat(key.scopes()).isNotEmpty()));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	@EnableConfigurationProperties(ApiSecurityProperties.class)
	@Import(SecurityConfiguration.class)
	static class Security {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		ClientTokens clientTokens() {
			return new ClientTokens(new ClientTokenProperties(new ClassPathResource("client-tokens-test-key.pem"),
					"label-api", "push-gateway", Duration.ofHours(1), Duration.ofHours(24)), Clock.systemUTC());
		}

		@Bean
		CorsConfigurationSource corsConfigurationSource() {
			return new UrlBasedCorsConfigurationSource();
		}

	}

}
