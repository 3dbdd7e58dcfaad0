package com.labelpush.gateway.handshake;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ClosingRefusalTests {

	@Test
	void shouldKeepAShortReasonAsItIs() {
		ClosingRefusal refusal = ClosingRefusal.unauthorized("invalid_token", "invalid token: expired");

		assertThat(refusal.closeStatus()).isEqualTo(new CloseStatus(4401, "invalid token: expired"));
	}

	@Test
	void shouldCutALongReasonToWhatACloseFrameHoldsWithoutSplittingACharacter() {
		// 2, 3 and 4 byte characters, so that the limit falls inside one of them
		String reason = "origin not allowed: http://" + "é€😀".repeat(40) + ".example";

		String cut = ClosingRefusal.forbidden("origin_not_allowed", reason).reason();

		byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
		assertThat(bytes.length).isLessThanOrEqualTo(ClosingRefusal.MAX_REASON_BYTES);
		assertThat(cut).endsWith("...");
		assertThat(reason).startsWith(cut.substring(0, cut.length() - 3));
		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cut);
		assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 4))).isFalse();
	}

	@Test
	void shouldBeFoundInTheAttributesItWasRecordedIn() {
		Map<String, Object> attributes = new HashMap<>();
		ClosingRefusal refusal = ClosingRefusal.invalidRequest("invalid_since", "invalid since");

		assertThat(ClosingRefusal.recordedIn(attributes)).isNull();
		refusal.recordIn(attributes);
		assertThat(ClosingRefusal.recordedIn(attributes)).isSameAs(refusal);
	}

}
