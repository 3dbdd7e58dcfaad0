package com.labelpush.labelapi.label;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IfMatchTests {

	@ParameterizedTest
	@ValueSource(strings = { "\"3\"", "W/\"3\"", "3", " \"3\" " })
	void shouldReadTheVersionInEachFormClientsSend(String header) {
		assertThat(IfMatch.expectedVersion(header)).hasValue(3);
	}

	@Test
	void shouldExpectAnyVersionWithoutAHeaderOrWithAStar() {
		assertThat(IfMatch.expectedVersion(null)).isEqualTo(OptionalLong.empty());
		assertThat(IfMatch.expectedVersion(" ")).isEqualTo(OptionalLong.empty());
		assertThat(IfMatch.expectedVersion("*")).isEqualTo(OptionalLong.empty());
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"three\"", "-1", "\"3\", \"4\"", "1234567890123456789", "W/3x" })
	void shouldRefuseAHeaderThatIsNotOneVersionWithA400NamingIt(String header) {
		assertThatExceptionOfType(IfMatch.Malformed.class).isThrownBy(() -> IfMatch.expectedVersion(header))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getBody().getDetail()).endsWith("got " + header);
			});
	}

	@Test
	void shouldWriteTheEtagAsAStrongQuotedVersion() {
		assertThat(IfMatch.etag(7)).isEqualTo("\"7\"");
	}

}
