package com.labelpush.gateway.support;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import com.labelpush.testsupport.TestServices;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * What the tests ask the broker through plain AMQP: no broker control tool, so the tests
 * run against a local broker and a container alike. Paths a test breaks come from
 * {@link TestServices#rabbitmqPath()}.
 */
public final class Broker {

	// AMQP reply codes of a passive queue declare
	private static final int NOT_FOUND = 404;

	private static final int RESOURCE_LOCKED = 405;

	private Broker() {
	}

	/**
	 * Whether a queue exists. A gateway's queue is exclusive to its own connection: a
	 * passive declare from another connection is refused as locked when it exists and as
	 * not found when it does not.
	 * @param queue the queue name
	 * @return {@code true} when the broker has it
	 */
	public static boolean queueExists(String queue) throws IOException, TimeoutException {
		try (Connection connection = TestServices.rabbitmqConnections().newConnection("push-gateway-tests")) {
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
