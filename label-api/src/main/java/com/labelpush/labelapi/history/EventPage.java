package com.labelpush.labelapi.history;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A slice of one camera's history.
 *
 * @param cameraId the camera
 * @param latestSeq the camera's latest sequence number when the page was read (0 when it
 * has none)
 * @param events events in seq order, each exactly as it was published
 */
record EventPage(String cameraId, long latestSeq, List<StoredEvent> events) {

	/**
	 * An event as stored: written into the response unchanged, so a client resuming from
	 * history sees the same bytes as one that received it live.
	 *
	 * @param json the event JSON
	 */
	record StoredEvent(@JsonValue @JsonRawValue String json) {
	}

}
