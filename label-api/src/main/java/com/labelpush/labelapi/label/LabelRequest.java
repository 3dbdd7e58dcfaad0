package com.labelpush.labelapi.label;

import java.util.Map;

import com.labelpush.labelapi.web.ValidCameraId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of a create or update. On update, {@code cameraId} may be left out; when given
 * it must be the label's own camera.
 *
 * @param cameraId the camera the label belongs to
 * @param name display name
 * @param imageUrl icon URL (http or https), optional
 * @param x horizontal position in pixels
 * @param y vertical position in pixels
 * @param width drawn width in pixels, optional
 * @param height drawn height in pixels, optional
 * @param attributes free string attributes, optional
 */
record LabelRequest(@NotNull(groups = OnCreate.class) @ValidCameraId @Nullable String cameraId,
		@NotBlank @Size(max = 200) @Nullable String name,
		@Size(max = 2048) @Pattern(regexp = "https?://\\S+",
				message = "must be an http or https URL") @Nullable String imageUrl,
		@NotNull @Min(0) @Max(MAX_COORDINATE) @Nullable Integer x,
		@NotNull @Min(0) @Max(MAX_COORDINATE) @Nullable Integer y, @Min(1) @Max(MAX_COORDINATE) @Nullable Integer width,
		@Min(1) @Max(MAX_COORDINATE) @Nullable Integer height,
		@Size(max = 50) @Nullable Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 1024) String> attributes) {

	static final int MAX_COORDINATE = 100_000;

	/** Validation group for rules that apply only when creating a label. */
	interface OnCreate {

	}

	Map<String, String> attributesOrEmpty() {
		return (this.attributes != null) ? this.attributes : Map.of();
	}

}
