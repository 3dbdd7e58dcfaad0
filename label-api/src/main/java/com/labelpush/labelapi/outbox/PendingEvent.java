package com.labelpush.labelapi.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbox row not yet confirmed by the broker.
 *
 * @param position the row's place in the outbox (commit order within a camera)
 * @param eventId the event's id, sent as the AMQP message id
 * @param routingKey {@code camera.<id>.<type>}
 * @param cameraId the camera, sent as a header
 * @param seq the camera's sequence number, sent as a header
 * @param type the wire name of the event type, sent as a header
 * @param occurredAt when the change was committed
 * @param payload the event JSON exactly as stored
 */
record PendingEvent(long position, UUID eventId, String routingKey, String cameraId, long seq, String type,
		Instant occurredAt, String payload) {
}
