package com.labelpush.events;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JSON form of {@link LabelEvent} against golden files written from the contract in
 * ARCHITECTURE.md.
 */
class LabelEventJsonTests {

	// Strict on purpose: unknown fields must be ignored because of the contract types'
	// own annotations, not because of a lenient mapper.
	private final JsonMapper mapper = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	@ParameterizedTest
	@EnumSource(EventType.class)
	void shouldRoundTripGoldenFileFieldForField(EventType type) throws IOException {
		JsonNode golden = golden(type);

		LabelEvent event = this.mapper.treeToValue(golden, LabelEvent.class);
		JsonNode written = this.mapper.readTree(this.mapper.writeValueAsString(event));

		assertThat(event.type()).isEqualTo(type);
		assertThat(written).isEqualTo(golden);
	}

	@Test
	void shouldReadEveryFieldOfTheCreatedEvent() throws IOException {
		LabelEvent event = this.mapper.treeToValue(golden(EventType.CREATED), LabelEvent.class);

		assertThat(event.eventId()).isEqualTo(UUID.fromString("7f1c0c7e-2b0e-4c59-a3c4-2d1e0f6b9a10"));
		assertThat(event.cameraId()).isEqualTo(CameraId.of("cam-7"));
		assertThat(event.seq()).isEqualTo(42);
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-27T22:10:51.123Z"));
		LabelSnapshot label = event.label();
		assertThat(label.name()).isEqualTo("north door");
		assertThat(label.imageUrl()).isEqualTo("http://img.example/louyu.png");
		assertThat(List.of(label.x(), label.y(), label.width(), label.height())).containsExactly(600, 800, 50, 50);
		assertThat(label.attributes()).containsExactlyEntriesOf(Map.of("color", "red"));
		assertThat(label.version()).isEqualTo(1);
		assertThat(event.routingKey()).isEqualTo("camera.cam-7.created");
	}

	@Test
	void shouldWriteTimestampsAsIsoUtcStrings() throws IOException {
		Instant at = Instant.parse("2026-01-02T03:04:05.006Z");
		LabelSnapshot label = new LabelSnapshot(UUID.randomUUID(), CameraId.of("c1"), "n", null, 1, 2, null, null,
				Map.of(), 1, at, at);
		LabelEvent event = new LabelEvent(EventType.CREATED, UUID.randomUUID(), CameraId.of("c1"), 1, at, label);

		JsonNode written = this.mapper.readTree(this.mapper.writeValueAsString(event));

		assertThat(written.get("occurredAt").asString()).isEqualTo("2026-01-02T03:04:05.006Z");
		assertThat(written.get("label").get("createdAt").asString()).isEqualTo("2026-01-02T03:04:05.006Z");
		assertThat(written.get("label").get("imageUrl").isNull()).isTrue();
	}

	@Test
	void shouldIgnoreUnknownFieldsAtEveryLevel() throws IOException {
		ObjectNode grown = (ObjectNode) golden(EventType.UPDATED);
		grown.put("traceId", "abc");
		grown.putObject("origin").put("user", "admin");
		((ObjectNode) grown.get("label")).put("zIndex", 3);

		LabelEvent event = this.mapper.treeToValue(grown, LabelEvent.class);

		assertThat(event).isEqualTo(this.mapper.treeToValue(golden(EventType.UPDATED), LabelEvent.class));
	}

	@Test
	void shouldRejectAnEventWhoseCameraIdBreaksTheRule() throws IOException {
		ObjectNode event = (ObjectNode) golden(EventType.CREATED);
		event.put("cameraId", "cam.#");

		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.mapper.treeToValue(event, LabelEvent.class))
			.withMessageContaining(CameraId.RULE);
	}

	@Test
	void shouldRejectAnUnknownEventType() throws IOException {
		ObjectNode event = (ObjectNode) golden(EventType.CREATED);
		event.put("type", "label.renamed");

		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.mapper.treeToValue(event, LabelEvent.class))
			.withMessageContaining("label.renamed");
	}

	@Test
	void shouldRejectALabelOfAnotherCamera() throws IOException {
		ObjectNode event = (ObjectNode) golden(EventType.CREATED);
		((ObjectNode) event.get("label")).put("cameraId", "cam-8");

		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.mapper.treeToValue(event, LabelEvent.class))
			.withMessageContaining("cam-8");
	}

	private JsonNode golden(EventType type) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/golden/" + type.wireName() + ".json")) {
			assertThat(in).as("golden file for %s", type).isNotNull();
			return this.mapper.readTree(in);
		}
	}

}
