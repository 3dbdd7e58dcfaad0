package com.labelpush.gateway.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.labelpush.testsupport.TcpProxy;
import com.labelpush.testsupport.TestServices.Endpoint;
import com.labelpush.testsupport.TestServices;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * The tests' RabbitMQ, as a gateway meets it, through plain AMQP and a path the test can
 * break: no broker control tool, so the tests run against a local broker and a container
 * alike.
 */
public final class Broker {

	// AMQP reply codes of a passive queue declare
	private static final int NOT_FOUND = 404;

	private static final int RESOURCE_LOCKED = 405;

	private Broker() {
	}

	/**
	 * A path to the broker that the test can cut; a gateway started with
	 * {@link #settingsThrough(TcpProxy)} reaches the broker only through it.
	 * @return the path, open
	 */
	public static TcpProxy path() {
		Endpoint broker = TestServices.rabbitmq();
		try {
			return new TcpProxy(broker.host(), broker.port());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Settings that connect a gateway to the broker through the path.
	 * @param path the path
	 * @return {@code spring.rabbitmq.host} and {@code .port} settings
	 */
	public static List<String> settingsThrough(TcpProxy path) {
		return List.of("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + path.port());
	}

	/**
	 * Whether a queue exists. A gateway's queue is exclusive to its own connection: a
	 * passive declare from another connection is refused as locked when it exists and as
	 * not found when it does not.
	 * @param queue the queue name
	 * @return {@code true} when the broker has it
	 */
	public static boolean queueExists(String queue) throws IOException, TimeoutException {
		Endpoint broker = TestServices.rabbitmq();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(broker.host());
		factory.setPort(broker.port());
		factory.setUsername(broker.username());
		factory.setPassword(broker.password());
		try (Connection connection = factory.newConnection("push-gateway-tests")) {
			Channel channel = connection.createChannel();
			try {
				channel.queueDeclarePassive(queue);
				return true;
			}
			catch (IOException ex) {
				int code = replyCode(ex);
				if (code == RESOURCE_LOCKED) {
					return true;
				}
				if (code == NOT_FOUND) {
					return false;
				}
				throw ex;
			}
		}
	}

	private static int replyCode(IOException ex) {
		if (ex.getCause() instanceof ShutdownSignalException signal
				&& signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
			return close.getReplyCode();
		}
		return -1;
	}

}
