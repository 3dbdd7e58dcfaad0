package com.labelpush.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.events.LabelSnapshot;
import com.labelpush.testsupport.TestServices;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import tools.jackson.databind.json.JsonMapper;

/** Publishes label events to the real broker the way label-api's relay does. */
public final class EventPublisher implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Connection connection;

	private final Channel channel;

	private volatile boolean returned;

	public EventPublisher() throws IOException, TimeoutException {
		this.connection = TestServices.rabbitmqConnections().newConnection("push-gateway-tests");
		this.channel = this.connection.createChannel();
		this.channel.exchangeDeclare(LabelEventsTopology.EXCHANGE, "topic", true);
		this.channel.confirmSelect();
		this.channel.addReturnListener((ret) -> this.returned = true);
	}

	/**
	 * Publishes a created event with a label sized to make the frame about
	 * {@code padding} bytes larger.
	 * @return the JSON published
	 */
	public String publish(String camera, long seq, int padding) throws IOException {
		String body = eventJson(camera, seq, padding);
		publishRaw(LabelEventsTopology.routingKey(CameraId.of(camera), EventType.CREATED), body);
		return body;
	}

	public String publish(String camera, long seq) throws IOException {
		return publish(camera, seq, 0);
	}

	public void publishRaw(String routingKey, String body) throws IOException {
		this.channel.basicPublish(LabelEventsTopology.EXCHANGE, routingKey, false, properties(),
				body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether the broker routes a camera's events to any queue: publishes a mandatory
	 * message and waits for the broker's confirm, which comes after a return if there was
	 * one. The probe is a real event with the given seq: connected clients receive it.
	 */
	public boolean isRouted(String camera, long seq) throws Exception {
		this.returned = false;
		this.channel.basicPublish(LabelEventsTopology.EXCHANGE,
				LabelEventsTopology.routingKey(CameraId.of(camera), EventType.CREATED), true, properties(),
				eventJson(camera, seq, 0).getBytes(StandardCharsets.UTF_8));
		this.channel.waitForConfirmsOrDie(5000);
		return !this.returned;
	}

	public static String eventJson(String camera, long seq, int padding) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		CameraId cameraId = CameraId.of(camera);
		LabelSnapshot label = new LabelSnapshot(UUID.randomUUID(), cameraId, "label " + seq, null, 1, 2, 50, 50,
				(padding > 0) ? Map.of("padding", "x".repeat(padding)) : Map.of(), 1, now, now);
		return json.writeValueAsString(new LabelEvent(EventType.CREATED, UUID.randomUUID(), cameraId, seq, now, label));
	}

	private static AMQP.BasicProperties properties() {
		return new AMQP.BasicProperties.Builder().contentType("application/json").build();
	}

	@Override
	public void close() throws IOException {
		this.connection.close();
	}

}
