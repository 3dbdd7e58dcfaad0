package com.labelpush.gateway.resume;

import java.util.List;

/**
 * Events of one camera after a given seq, each as the exact JSON label-api published.
 *
 * @param latestSeq the camera's latest seq when the history was read
 * @param events the events, in seq order
 */
public record HistoryPage(long latestSeq, List<StoredEvent> events) {

	/**
	 * One event from the history.
	 *
	 * @param seq its sequence number
	 * @param occurredAtMillis its commit time
	 * @param json the event JSON, byte for byte
	 */
	public record StoredEvent(long seq, long occurredAtMillis, String json) {
	}

}
