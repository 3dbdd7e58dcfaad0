package com.labelpush.gateway.session;

import org.springframework.web.socket.WebSocketMessage;

/**
 * A frame on its way to one client.
 *
 * @param message what is written
 * @param occurredAtMillis the event's commit time, for the delivery lag metric;
 * {@code -1} for frames that are not live events
 * @param seq the event's seq; {@code -1} for control frames
 */
record Frame(WebSocketMessage<?> message, long occurredAtMillis, long seq) {

	static Frame control(WebSocketMessage<?> message) {
		return new Frame(message, -1, -1);
	}

	int bytes() {
		return this.message.getPayloadLength();
	}

}
