package com.labelpush.gateway.routing;

import java.util.Optional;

import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.session.CameraSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * Hands each event from this instance's queue to the local sessions of its camera, as the
 * exact bytes label-api published. A message that does not follow the contract is dropped
 * and counted, never forwarded.
 */
@Component
class LabelEventListener implements MessageListener {

	private static final Log logger = LogFactory.getLog(LabelEventListener.class);

	private final CameraSessions sessions;

	private final JsonMapper json;

	private final GatewayMetrics metrics;

	private final LatestSeqs latestSeqs;

	LabelEventListener(CameraSessions sessions, LatestSeqs latestSeqs, JsonMapper json, GatewayMetrics metrics) {
		this.sessions = sessions;
		this.latestSeqs = latestSeqs;
		this.json = json;
		this.metrics = metrics;
	}

	@Override
	public void onMessage(Message message) {
		String routingKey = message.getMessageProperties().getReceivedRoutingKey();
		Optional<CameraId> camera = LabelEventsTopology.cameraIdOf(String.valueOf(routingKey));
		if (camera.isEmpty()) {
			reject("routing_key", routingKey, "routing key outside the contract");
			return;
		}
		LabelEvent event;
		try {
			event = this.json.readValue(message.getBody(), LabelEvent.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			reject("malformed", routingKey, String.valueOf(ex.getMessage()).lines().findFirst().orElse(""));
			return;
		}
		if (!event.cameraId().equals(camera.get())) {
			reject("camera_mismatch", routingKey, "body is for camera " + event.cameraId());
			return;
		}
		TextMessage frame = new TextMessage(message.getBody());
		this.latestSeqs.observe(event.cameraId(), event.seq(), frame);
		int delivered = this.sessions.deliver(event.cameraId(), frame, event.occurredAt().toEpochMilli(), event.seq());
		this.metrics.eventReceived(delivered);
	}

	private void reject(String reason, String routingKey, String detail) {
		this.metrics.eventRejected(reason);
		logger.warn("event dropped reason=" + reason + " routingKey=" + routingKey + ": " + detail);
	}

}
