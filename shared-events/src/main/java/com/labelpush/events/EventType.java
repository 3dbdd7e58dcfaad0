package com.labelpush.events;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened to a label. Each type has a wire name (the {@code type} field of an
 * event) and the last segment of its routing key.
 */
public enum EventType {

	CREATED("label.created", "created"),

	UPDATED("label.updated", "updated"),

	DELETED("label.deleted", "deleted");

	private final String wireName;

	private final String routingSuffix;

	EventType(String wireName, String routingSuffix) {
		this.wireName = wireName;
		this.routingSuffix = routingSuffix;
	}

	/**
	 * The name used in the {@code type} field of the JSON event.
	 * @return for example {@code label.created}
	 */
	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The last segment of the routing key.
	 * @return for example {@code created}
	 */
	public String routingSuffix() {
		return this.routingSuffix;
	}

	/**
	 * Finds the type for a wire name.
	 * @param wireName for example {@code label.created}
	 * @return the type
	 * @throws IllegalArgumentException for an unknown name
	 */
	@JsonCreator
	public static EventType fromWireName(String wireName) {
		return Arrays.stream(values())
			.filter((type) -> type.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown event type '" + wireName
					+ "'; expected one of label.created, label.updated, label.deleted"));
	}

}
