package com.labelpush.labelapi.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEventsTopology;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.labelpush.testsupport.TestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A throwaway queue on the real broker, bound like a gateway's queue to one or more
 * cameras, that records what arrives.
 */
public final class CameraQueue implements AutoCloseable {

	private final Connection connection;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private CameraQueue(Connection connection) {
		this.connection = connection;
	}

	public static CameraQueue bind(CameraId... cameras) throws IOException, TimeoutException {
		CameraQueue queue = new CameraQueue(TestServices.rabbitmqConnections().newConnection("label-api-tests"));
		Channel channel = queue.connection.createChannel();
		channel.exchangeDeclare(LabelEventsTopology.EXCHANGE, "topic", true);
		String name = channel.queueDeclare("", false, true, true, null).getQueue();
		for (CameraId camera : cameras) {
			channel.queueBind(name, LabelEventsTopology.EXCHANGE, LabelEventsTopology.bindingPattern(camera));
		}
		channel.basicConsume(
				name, true, (tag,
						delivery) -> queue.received.add(new Received(delivery.getEnvelope().getRoutingKey(),
								delivery.getProperties(), new String(delivery.getBody(), StandardCharsets.UTF_8))),
				(tag) -> {
				});
		return queue;
	}

	/**
	 * Waits for the next message.
	 * @param timeout how long to wait at most
	 * @return the message
	 */
	public Received next(Duration timeout) throws InterruptedException {
		Received next = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(next).as("a message within %s", timeout).isNotNull();
		return next;
	}

	/**
	 * Waits for a number of messages.
	 * @param count how many
	 * @param timeout how long to wait for all of them
	 * @return the messages in arrival order
	 */
	public List<Received> next(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Received> messages = new ArrayList<>();
		while (messages.size() < count) {
			long left = deadline - System.nanoTime();
			Received next = this.received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
			assertThat(next).as("message %d of %d within %s", messages.size() + 1, count, timeout).isNotNull();
			messages.add(next);
		}
		return messages;
	}

	/**
	 * Messages that arrived and were not taken yet, without waiting.
	 * @return the messages
	 */
	public List<Received> drain() {
		List<Received> rest = new ArrayList<>();
		this.received.drainTo(rest);
		return rest;
	}

	@Override
	public void close() throws IOException {
		this.connection.close();
	}

	public record Received(String routingKey, AMQP.BasicProperties properties, String body) {
	}

}
