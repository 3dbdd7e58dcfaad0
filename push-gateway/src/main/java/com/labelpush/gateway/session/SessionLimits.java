package com.labelpush.gateway.session;

import com.labelpush.gateway.GatewayProperties;

/**
 * The per-session limits, in the units the hot path compares against.
 *
 * @param sendBufferBytes most bytes queued for one session
 * @param sendTimeLimitNanos longest one write may take
 * @param heartbeatNanos ping interval
 * @param heartbeatTimeoutNanos silence after which a session is closed
 * @param inboundMessagesPerSecond messages a client may send per second
 */
record SessionLimits(long sendBufferBytes, long sendTimeLimitNanos, long heartbeatNanos, long heartbeatTimeoutNanos,
		int inboundMessagesPerSecond) {

	static SessionLimits of(GatewayProperties properties) {
		return new SessionLimits(properties.sendBufferLimit().toBytes(), properties.sendTimeLimit().toNanos(),
				properties.heartbeat().toNanos(), properties.heartbeatTimeout().toNanos(),
				properties.limits().inboundMessagesPerSecond());
	}

}
