package com.labelpush.labelapi.history;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.labelpush.events.CameraId;
import com.labelpush.labelapi.history.EventPage.StoredEvent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Reads and prunes the per-camera event history. */
@Component
class EventHistory {

	private final JdbcClient jdbc;

	EventHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// One snapshot for the latest seq and the events, so they agree with each other.
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	EventPage after(CameraId cameraId, long afterSeq, int limit) {
		long latestSeq = this.jdbc.sql("SELECT last_seq FROM camera_sequence WHERE camera_id = :cameraId")
			.param("cameraId", cameraId.value())
			.query(Long.class)
			.optional()
			.orElse(0L);
		List<Row> rows = this.jdbc.sql("""
				SELECT seq, payload FROM label_event WHERE camera_id = :cameraId AND seq > :afterSeq
				ORDER BY seq LIMIT :limit
				""")
			.param("cameraId", cameraId.value())
			.param("afterSeq", afterSeq)
			.param("limit", limit)
			.query((rs, row) -> new Row(rs.getLong(1), rs.getString(2)))
			.list();
		if (afterSeq < latestSeq && (rows.isEmpty() || rows.get(0).seq() != afterSeq + 1)) {
			long oldestKept = rows.isEmpty() ? latestSeq + 1 : rows.get(0).seq();
			throw new HistoryExpired(cameraId, afterSeq, oldestKept, latestSeq);
		}
		return new EventPage(cameraId.value(), latestSeq,
				rows.stream().map((row) -> new StoredEvent(row.payload())).toList());
	}

	/**
	 * The latest seq of each camera.
	 * @param cameras the cameras
	 * @return camera id to latest seq, in the order asked, 0 for a camera without events
	 */
	@Transactional(readOnly = true)
	Map<String, Long> latestSeqs(List<CameraId> cameras) {
		List<String> ids = cameras.stream().map(CameraId::value).toList();
		Map<String, Long> latest = new LinkedHashMap<>();
		ids.forEach((id) -> latest.put(id, 0L));
		this.jdbc.sql("SELECT camera_id, last_seq FROM camera_sequence WHERE camera_id IN (:ids)")
			.param("ids", ids)
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach((row) -> latest.put(row.getKey(), row.getValue()));
		return latest;
	}

	/**
	 * Removes published events older than the cut-off. Only a prefix of each camera's
	 * history goes: an event stays while an earlier one of its camera must stay
	 * (unpublished, or not yet expired), so the history never has a hole in the middle.
	 * @param before the cut-off
	 * @return how many events were removed
	 */
	@Transactional
	int pruneBefore(Instant before) {
		return this.jdbc.sql("""
				DELETE FROM label_event e
				WHERE e.occurred_at < :before
				AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.position = e.position)
				AND NOT EXISTS (
				    SELECT 1 FROM label_event k
				    WHERE k.camera_id = e.camera_id AND k.seq < e.seq
				    AND (k.occurred_at >= :before OR EXISTS (SELECT 1 FROM outbox o WHERE o.position = k.position)))
				""").param("before", Timestamp.from(before)).update();
	}

	private record Row(long seq, String payload) {
	}

}
