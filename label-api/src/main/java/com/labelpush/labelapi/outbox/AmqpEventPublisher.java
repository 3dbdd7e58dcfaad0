package com.labelpush.labelapi.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import com.labelpush.events.LabelEventsTopology;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
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
		// Without confirms a row would count as published while the broker may have lost
		// it.
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
		// invoke() keeps one channel for the whole batch: messages on one channel keep
		// their
		// order, and the confirms wait covers exactly this batch.
		this.rabbit.invoke((operations) -> {
			for (PendingEvent event : events) {
				operations.send(LabelEventsTopology.EXCHANGE, event.routingKey(), message(event));
			}
			operations.waitForConfirmsOrDie(this.confirmTimeout.toMillis());
			return null;
		});
	}

	private static Message message(PendingEvent event) {
		return MessageBuilder.withBody(event.payload().getBytes(StandardCharsets.UTF_8))
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setContentEncoding(StandardCharsets.UTF_8.name())
			.setMessageId(event.eventId().toString())
			.setTimestamp(Date.from(event.occurredAt()))
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setAppId("label-api")
			.setType(event.type())
			.setHeader("cameraId", event.cameraId())
			.setHeader("seq", event.seq())
			.build();
	}

}
