package com.labelpush.gateway.routing;

import java.util.concurrent.ScheduledExecutorService;

import com.labelpush.events.LabelEventsTopology;
import com.labelpush.gateway.GatewayProperties;
import com.labelpush.gateway.session.CameraSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AmqpConfiguration {

	private static final Log logger = LogFactory.getLog(AmqpConfiguration.class);

	/**
	 * Stops after the shutdown drain (higher phases stop first), so draining sessions
	 * still get events.
	 */
	static final int LISTENER_PHASE = Integer.MAX_VALUE - 1000;

	@Bean
	TopicExchange labelEventsExchange() {
		return new TopicExchange(LabelEventsTopology.EXCHANGE, true, false);
	}

	/**
	 * This instance's queue: exclusive and auto-delete, so the broker removes it (and its
	 * bindings) when this instance's connection goes, and a killed instance leaves
	 * nothing.
	 */
	@Bean
	Queue gatewayQueue(GatewayProperties properties) {
		return new Queue(properties.queueName(), false, true, true);
	}

	@Bean
	SimpleMessageListenerContainer labelEventListenerContainer(CachingConnectionFactory connectionFactory,
			Queue gatewayQueue, LabelEventListener listener) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
		container.setQueues(gatewayQueue);
		container.setMessageListener(listener);
		// One consumer keeps each camera's events in order. No acknowledgements: an event
		// lost with a connection is repaired from label-api's history, not redelivered.
		container.setConcurrentConsumers(1);
		container.setAcknowledgeMode(AcknowledgeMode.NONE);
		container.setPrefetchCount(1000);
		container.setMissingQueuesFatal(false);
		container.setRecoveryInterval(1000);
		container.setPhase(LISTENER_PHASE);
		return container;
	}

	/**
	 * After every new broker connection (the first one and each reconnect) the bindings
	 * of the cameras with local sessions are declared again. Off the connection's thread:
	 * that thread may be one waiting inside a binding call.
	 */
	@Bean
	ConnectionListener bindingsRestorer(CachingConnectionFactory connectionFactory,
			ObjectProvider<CameraBindings> bindings, ObjectProvider<CameraSessions> sessions,
			ScheduledExecutorService gatewayScheduler, GatewayProperties properties) {
		// Named after the instance, so operators (and tests) can tell replicas'
		// connections apart.
		connectionFactory.setConnectionNameStrategy((factory) -> "push-gateway " + properties.instanceId());
		ConnectionListener listener = (connection) -> gatewayScheduler.execute(() -> {
			try {
				bindings.getObject().reapplyAll();
				// events published while the queue was gone never arrived: fetch them
				sessions.getObject().catchUpAll();
			}
			catch (RuntimeException ex) {
				logger.warn("re-applying bindings failed, next connection retries: " + ex.getMessage());
			}
		});
		connectionFactory.addConnectionListener(listener);
		return listener;
	}

}
