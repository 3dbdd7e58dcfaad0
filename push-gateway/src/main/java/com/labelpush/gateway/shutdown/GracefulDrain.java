package com.labelpush.gateway.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.labelpush.gateway.GatewayProperties;
import com.labelpush.gateway.GatewayState;
import com.labelpush.gateway.session.CameraSessions;
import com.labelpush.gateway.session.ClientSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Shuts an instance down without a stampede: new handshakes are refused (503), open
 * sessions are closed with 1001 one by one over the drain window (their clients reconnect
 * through the load balancer to the other replicas, resuming with {@code since}), and only
 * then the queue is removed. Runs first among the lifecycle beans, while the consumer
 * still delivers to the sessions not closed yet.
 */
@Component
class GracefulDrain implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GracefulDrain.class);

	private static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY
		.withReason("gateway shutting down; reconnect with since");

	private static final Duration CLOSE_CONFIRM_WAIT = Duration.ofSeconds(5);

	private final GatewayState state;

	private final CameraSessions sessions;

	private final SimpleMessageListenerContainer listenerContainer;

	private final AmqpAdmin admin;

	private final GatewayProperties properties;

	private volatile boolean running;

	GracefulDrain(GatewayState state, CameraSessions sessions, SimpleMessageListenerContainer listenerContainer,
			AmqpAdmin admin, GatewayProperties properties) {
		this.state = state;
		this.sessions = sessions;
		this.listenerContainer = listenerContainer;
		this.admin = admin;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.state.stopAccepting();
		List<ClientSession> open = this.sessions.all();
		logger.info("draining sessions=" + open.size() + " window=" + this.properties.drainWindow() + " instance="
				+ this.properties.instanceId());
		long start = System.nanoTime();
		long window = this.properties.drainWindow().toNanos();
		for (int i = 0; i < open.size(); i++) {
			long due = start + window * i / open.size();
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			open.get(i).close(GOING_AWAY, "shutdown");
		}
		awaitClosed();
		this.listenerContainer.stop();
		try {
			this.admin.deleteQueue(this.properties.queueName());
			logger.info("queue removed queue=" + this.properties.queueName());
		}
		catch (RuntimeException ex) {
			// exclusive: the broker drops it with the connection anyway
			logger.warn("queue not removed queue=" + this.properties.queueName() + ": " + ex.getMessage());
		}
	}

	private void awaitClosed() {
		long deadline = System.nanoTime() + CLOSE_CONFIRM_WAIT.toNanos();
		while (this.sessions.openSessions() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
