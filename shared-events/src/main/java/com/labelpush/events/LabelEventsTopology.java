package com.labelpush.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The RabbitMQ names both sides agree on: the topic exchange, the routing keys events are
 * published with, and the binding patterns a gateway uses to receive one camera's events.
 * Keys are built only from a {@link CameraId}, so no wildcard or separator can slip in.
 */
public final class LabelEventsTopology {

	/** The durable topic exchange every label event is published to. */
	public static final String EXCHANGE = "label.events";

	private static final String PREFIX = "camera.";

	private LabelEventsTopology() {
	}

	/**
	 * The routing key of an event.
	 * @param cameraId the camera
	 * @param type what happened
	 * @return {@code camera.<cameraId>.<created|updated|deleted>}
	 */
	public static String routingKey(CameraId cameraId, EventType type) {
		return PREFIX + cameraId.value() + "." + type.routingSuffix();
	}

	/**
	 * The binding pattern that receives every event of one camera.
	 * @param cameraId the camera
	 * @return {@code camera.<cameraId>.*}
	 */
	public static String bindingPattern(CameraId cameraId) {
		return PREFIX + cameraId.value() + ".*";
	}

	/**
	 * Reads the camera back from a routing key, for consumers that need it before parsing
	 * the body.
	 * @param routingKey a routing key as received
	 * @return the camera, or empty when the key does not follow the contract
	 */
	public static Optional<CameraId> cameraIdOf(String routingKey) {
		if (!routingKey.startsWith(PREFIX)) {
			return Optional.empty();
		}
		int end = routingKey.indexOf('.', PREFIX.length());
		if (end < 0 || routingKey.indexOf('.', end + 1) >= 0) {
			return Optional.empty();
		}
		String candidate = routingKey.substring(PREFIX.length(), end);
		String suffix = routingKey.substring(end + 1);
		boolean knownType = Arrays.stream(EventType.values()).anyMatch((type) -> type.routingSuffix().equals(suffix));
		return (knownType && CameraId.isValid(candidate)) ? Optional.of(CameraId.of(candidate)) : Optional.empty();
	}

}
