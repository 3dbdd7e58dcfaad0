package com.labelpush.events;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A camera's identifier, also the WebSocket {@code clientId}. Restricted to
 * {@code [A-Za-z0-9_-]{1,64}} because it becomes part of a RabbitMQ topic routing key,
 * where {@code .}, {@code *} and {@code #} would change what a binding matches.
 *
 * @param value the validated identifier
 */
public record CameraId(String value) {

	/** Maximum length of a camera id. */
	public static final int MAX_LENGTH = 64;

	/** What a valid camera id looks like, for error messages and documentation. */
	public static final String RULE = "1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

	public CameraId {
		if (!isValid(value)) {
			throw new InvalidCameraId(value);
		}
	}

	/**
	 * Parses a camera id, as read from a path, a query or a JSON document.
	 * @param value the raw value
	 * @return the camera id
	 * @throws InvalidCameraId when the value breaks the rule
	 */
	@JsonCreator
	public static CameraId of(@Nullable String value) {
		return new CameraId(value);
	}

	/**
	 * Tells whether a raw value is a valid camera id, without throwing.
	 * @param value the raw value
	 * @return {@code true} when {@link #of(String)} would accept it
	 */
	public static boolean isValid(@Nullable String value) {
		return value != null && VALID.matcher(value).matches();
	}

	@Override
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
