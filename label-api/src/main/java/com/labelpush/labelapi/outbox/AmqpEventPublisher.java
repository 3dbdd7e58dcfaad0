package com.labelpush.labelapi.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.AMQP;

import com.labelpush.events.LabelEventsTopology;

import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch of outbox events to the topic exchange on one channel, in order, and
 * waits until the broker has confirmed every one of them.
 */
@Component
class AmqpEventPublisher {

	private final RabbitTemplate rabbit;

	private final Duration confirmTimeout;

	AmqpEventPublisher(RabbitTemplate rabbit, CachingConnectionFactory connectionFactory, OutboxProperties properties) {
		// Without confirms a row would count as published while the broker may have
		// lost it.
		if (!connectionFactory.isSimplePublisherConfirms()) {
			throw new IllegalStateException("The outbox relay needs publisher confirms: "
					+ "set spring.rabbitmq.publisher-confirm-type=simple");
		}
		this.rabbit = rabbit;
		this.confirmTimeout = properties.confirmTimeout();
	}

	/**
	 * Sends the events and returns once all are confirmed.
	 * @param events the events, in outbox order
	 * @throws org.springframework.amqp.AmqpException when the broker cannot be reached,
	 * nacks any of them, or does not confirm them in time; none then counts as published
	 */
	void publishConfirmed(List<PendingEvent> events) {
		// execute() keeps one channel for the whole batch: messages on one channel keep
		// their order, and the confirms wait covers exactly this batch.
		this.rabbit.execute((channel) -> {
			for (PendingEvent event : events) {
				channel.basicPublish(LabelEventsTopology.EXCHANGE, event.routingKey(), false, properties(event),
						event.payload().getBytes(StandardCharsets.UTF_8));
			}
			channel.waitForConfirmsOrDie(this.confirmTimeout.toMillis());
			return null;
		});
	}

	private static AMQP.BasicProperties properties(PendingEvent event) {
		return new AMQP.BasicProperties.Builder().contentType(MessageProperties.CONTENT_TYPE_JSON)
			.contentEncoding("UTF-8")
			.messageId(event.eventId().toString())
			.timestamp(Date.from(event.occurredAt()))
			.deliveryMode(MessageDeliveryMode.toInt(MessageDeliveryMode.PERSISTENT))
			.appId("label-api")
			.type(event.type())
			.headers(Map.of("cameraId", event.cameraId(), "seq", event.seq()))
			.build();
	}

}
