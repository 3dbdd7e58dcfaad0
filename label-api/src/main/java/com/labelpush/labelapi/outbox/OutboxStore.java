package com.labelpush.labelapi.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelEventsTopology;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads and marks outbox rows. */
@Component
class OutboxStore {

	// Any fixed number; every label-api replica uses the same one. The second half
	// of the key is the schema, so deployments sharing a database but not an outbox
	// do not contend.
	private static final int RELAY_LOCK_NAMESPACE = 0x6c626c70;

	private final JdbcClient jdbc;

	OutboxStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the relay lock for the current transaction, so only one relay among all
	 * replicas publishes at a time. Released on commit or rollback, also when the process
	 * dies.
	 * <p>
	 * The same statement lets the relay transaction commit without waiting for its WAL
	 * flush: losing such a commit in a database crash only means its events are published
	 * again, which consumers drop by seq; waiting would cost a disk sync per batch.
	 * @return whether this relay holds the lock now
	 */
	boolean tryLockRelay() {
		return this.jdbc.sql("""
				SELECT pg_try_advisory_xact_lock(:namespace, hashtext(current_schema()))
				       AND set_config('synchronous_commit', 'off', true) = 'off'
				""").param("namespace", RELAY_LOCK_NAMESPACE).query(Boolean.class).single();
	}

	List<PendingEvent> pending(int limit) {
		// Positions first, then the events by primary key: a plain join lets the planner
		// merge-join and walk the whole history up to the first pending position.
		return this.jdbc.sql("""
				SELECT position, event_id, camera_id, seq, type, occurred_at, payload FROM label_event
				WHERE position = ANY(ARRAY(SELECT position FROM outbox ORDER BY position LIMIT :limit))
				ORDER BY position
				""").param("limit", limit).query((rs, row) -> {
			String cameraId = rs.getString("camera_id");
			String type = rs.getString("type");
			return new PendingEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class),
					LabelEventsTopology.routingKey(CameraId.of(cameraId), EventType.fromWireName(type)), cameraId,
					rs.getLong("seq"), type, rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload"));
		}).list();
	}

	void markPublished(List<PendingEvent> events) {
		Long[] positions = events.stream().map(PendingEvent::position).toArray(Long[]::new);
		this.jdbc.sql("DELETE FROM outbox WHERE position = ANY(:positions)").param("positions", positions).update();
	}

	Backlog backlog() {
		return this.jdbc.sql("SELECT count(*), min(occurred_at) FROM outbox").query((rs, row) -> {
			Timestamp oldest = rs.getTimestamp(2);
			return new Backlog(rs.getLong(1), (oldest != null) ? oldest.toInstant() : null);
		}).single();
	}

	record Backlog(long count, @org.jspecify.annotations.Nullable Instant oldest) {
	}

}
