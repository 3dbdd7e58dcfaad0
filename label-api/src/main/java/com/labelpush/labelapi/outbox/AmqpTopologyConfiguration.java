package com.labelpush.labelapi.outbox;

import com.labelpush.events.LabelEventsTopology;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Declares the topic exchange. The admin also re-declares it on every new broker
 * connection, so it exists again after a broker restart.
 */
@Configuration(proxyBeanMethods = false)
class AmqpTopologyConfiguration {

	private static final Log logger = LogFactory.getLog(AmqpTopologyConfiguration.class);

	@Bean
	TopicExchange labelEventsExchange() {
		return new TopicExchange(LabelEventsTopology.EXCHANGE, true, false);
	}

	@EventListener(ApplicationReadyEvent.class)
	void declareAtStartup(ApplicationReadyEvent ready) {
		AmqpAdmin admin = ready.getApplicationContext().getBean(AmqpAdmin.class);
		try {
			admin.initialize();
		}
		catch (RuntimeException ex) {
			// Writes do not need the broker; the relay publishes once it is back.
			logger.warn("broker unreachable at start-up, exchange " + LabelEventsTopology.EXCHANGE
					+ " will be declared on the first connection: " + ex.getMessage());
		}
	}

}
