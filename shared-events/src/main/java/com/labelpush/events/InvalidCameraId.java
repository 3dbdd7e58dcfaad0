package com.labelpush.events;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a value is not a valid {@link CameraId}. The message says what is allowed,
 * so it can be shown to the caller as it is.
 */
public class InvalidCameraId extends IllegalArgumentException {

	private final @Nullable String rejectedValue;

	InvalidCameraId(@Nullable String rejectedValue) {
		super(message(rejectedValue));
		this.rejectedValue = rejectedValue;
	}

	/**
	 * The value that was refused.
	 * @return the refused value, or {@code null} when none was given
	 */
	public @Nullable String getRejectedValue() {
		return this.rejectedValue;
	}

	private static String message(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return "cameraId is required: " + CameraId.RULE;
		}
		if (value.length() > CameraId.MAX_LENGTH) {
			return "cameraId is " + value.length() + " characters long; it must be " + CameraId.RULE;
		}
		return "cameraId must be " + CameraId.RULE;
	}

}
