package com.labelpush.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The state of a label as carried by an event; for a deletion, its last state.
 *
 * @param id the label's identifier
 * @param cameraId the camera the label belongs to
 * @param name the label's display name
 * @param imageUrl the icon drawn for the label, if any
 * @param x horizontal position on the camera view, in pixels
 * @param y vertical position on the camera view, in pixels
 * @param width drawn width in pixels, if set
 * @param height drawn height in pixels, if set
 * @param attributes free string attributes, never {@code null}
 * @param version optimistic-locking version, incremented on each update
 * @param createdAt when the label was created (UTC)
 * @param updatedAt when the label last changed (UTC)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelSnapshot(UUID id, CameraId cameraId, String name, @Nullable String imageUrl, int x, int y,
		@Nullable Integer width, @Nullable Integer height, Map<String, String> attributes, long version,
		Instant createdAt, Instant updatedAt) {

	public LabelSnapshot {
		attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
	}

}
