package com.labelpush.events;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CameraIdTests {

	static Stream<Arguments> invalidIds() {
		return Stream.of(Arguments.of("dot", "cam.7"), Arguments.of("star", "cam*"), Arguments.of("hash", "#"),
				Arguments.of("slash", "cam/7"), Arguments.of("space", "cam 7"), Arguments.of("empty", ""),
				Arguments.of("65 characters", "a".repeat(65)), Arguments.of("non-ASCII letter", "caméra"),
				Arguments.of("non-ASCII digit", "cam\u0663"), Arguments.of("newline", "cam\n"),
				Arguments.of("null", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidIds")
	void shouldRejectIdsOutsideTheRule(String description, String value) {
		assertThat(CameraId.isValid(value)).isFalse();
		assertThatExceptionOfType(InvalidCameraId.class).isThrownBy(() -> CameraId.of(value))
			.withMessageContaining(CameraId.RULE)
			.satisfies((ex) -> assertThat(ex.getRejectedValue()).isEqualTo(value));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "cam-7", "CAM_7", "0", "-_-" })
	void shouldAcceptIdsWithinTheRule(String value) {
		assertThat(CameraId.of(value).value()).isEqualTo(value);
		assertThat(CameraId.isValid(value)).isTrue();
	}

	@Test
	void shouldAcceptExactly64Characters() {
		String longest = "Z".repeat(64);

		assertThat(CameraId.of(longest).value()).hasSize(64);
	}

	@Test
	void shouldSayHowLongATooLongIdIs() {
		assertThatExceptionOfType(InvalidCameraId.class).isThrownBy(() -> CameraId.of("x".repeat(65)))
			.withMessageContaining("65 characters");
	}

	@Test
	void shouldCompareByValue() {
		assertThat(CameraId.of("cam-7")).isEqualTo(CameraId.of("cam-7")).isNotEqualTo(CameraId.of("cam-8"));
	}

}
