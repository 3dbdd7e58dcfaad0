package com.labelpush.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A change to a label, published to RabbitMQ and sent unchanged to WebSocket clients.
 *
 * @param type what happened
 * @param eventId globally unique identifier, also the AMQP message id (idempotency key)
 * @param cameraId the camera whose labels changed
 * @param seq per-camera sequence number: starts at 1, gap-free, strictly increasing in
 * commit order
 * @param occurredAt when the change was committed (UTC)
 * @param label the label's new state, or its last state for {@link EventType#DELETED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "type", "eventId", "cameraId", "seq", "occurredAt", "label" })
public record LabelEvent(EventType type, UUID eventId, CameraId cameraId, long seq, Instant occurredAt,
		LabelSnapshot label) {

	public LabelEvent {
		if (seq < 1) {
			throw new IllegalArgumentException("seq starts at 1, got " + seq);
		}
		if (!label.cameraId().equals(cameraId)) {
			throw new IllegalArgumentException(
					"label " + label.id() + " belongs to camera " + label.cameraId() + ", not " + cameraId);
		}
	}

	/**
	 * The routing key this event is published with.
	 * @return {@code camera.<cameraId>.<created|updated|deleted>}
	 */
	public String routingKey() {
		return LabelEventsTopology.routingKey(this.cameraId, this.type);
	}

}
