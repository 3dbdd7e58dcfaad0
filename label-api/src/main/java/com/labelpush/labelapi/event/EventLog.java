package com.labelpush.labelapi.event;

import java.time.Instant;
import java.util.UUID;

import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelSnapshot;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends label events inside the caller's transaction: the event row is committed with
 * the label change or not at all. The row is both the outbox entry the relay publishes
 * and the history clients resume from.
 */
@Component
public class EventLog {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher publisher;

	EventLog(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.json = json;
		this.publisher = publisher;
	}

	/**
	 * Records a change. Takes the camera's next sequence number, which locks the camera's
	 * sequence row until the transaction ends; call it as the last step of a write.
	 * @param type what happened
	 * @param label the label's new (or, for a deletion, last) state
	 * @param occurredAt when the change happened
	 * @return the recorded event
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public LabelEvent append(EventType type, LabelSnapshot label, Instant occurredAt) {
		CameraId cameraId = label.cameraId();
		long seq = nextSeq(cameraId);
		LabelEvent event = new LabelEvent(type, UUID.randomUUID(), cameraId, seq, occurredAt, label);
		this.jdbc.sql("""
				WITH event AS (
				    INSERT INTO label_event (event_id, camera_id, seq, type, occurred_at, payload)
				    VALUES (:eventId, :cameraId, :seq, :type, :occurredAt, :payload)
				    RETURNING position, occurred_at)
				INSERT INTO outbox (position, occurred_at) SELECT position, occurred_at FROM event
				""")
			.param("eventId", event.eventId())
			.param("cameraId", cameraId.value())
			.param("seq", seq)
			.param("type", type.wireName())
			.param("occurredAt", java.sql.Timestamp.from(occurredAt))
			.param("payload", this.json.writeValueAsString(event))
			.update();
		this.publisher.publishEvent(new EventLogged(cameraId, seq));
		return event;
	}

	private long nextSeq(CameraId cameraId) {
		return this.jdbc.sql("""
				INSERT INTO camera_sequence (camera_id, last_seq) VALUES (:cameraId, 1)
				ON CONFLICT (camera_id) DO UPDATE SET last_seq = camera_sequence.last_seq + 1
				RETURNING last_seq
				""").param("cameraId", cameraId.value()).query(Long.class).single();
	}

	/**
	 * Published inside the writing transaction; listeners that care about the commit (the
	 * outbox relay) listen after commit.
	 *
	 * @param cameraId the camera whose event was logged
	 * @param seq its sequence number
	 */
	public record EventLogged(CameraId cameraId, long seq) {
	}

}
