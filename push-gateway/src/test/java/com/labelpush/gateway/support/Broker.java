package com.labelpush.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local RabbitMQ's own control tool, to make the broker act on a connection the way
 * an operator or a broker restart would.
 */
public final class Broker {

	private Broker() {
	}

	/**
	 * Closes, from the broker side, every connection with the given client-provided name.
	 * @param connectionName the name
	 * @return how many connections were closed
	 */
	public static int closeConnectionsNamed(String connectionName) throws Exception {
		List<String> pids = new ArrayList<>();
		for (String line : run("rabbitmqctl", "-q", "list_connections", "pid", "client_properties")) {
			if (line.contains("{\"connection_name\",\"" + connectionName + "\"}")) {
				pids.add(line.substring(0, line.indexOf('\t')).trim());
			}
		}
		for (String pid : pids) {
			run("rabbitmqctl", "-q", "close_connection", pid, "closed by test");
		}
		return pids.size();
	}

	/**
	 * Whether a queue exists. Asked of the broker's control tool: a passive declare
	 * cannot tell, because the gateway's queue is exclusive to its own connection.
	 * @param queue the queue name
	 * @return {@code true} when the broker lists it
	 */
	public static boolean queueExists(String queue) throws Exception {
		return run("rabbitmqctl", "-q", "list_queues", "name").stream().anyMatch((line) -> line.trim().equals(queue));
	}

	private static List<String> run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
		String text = new String(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
		return text.lines().toList();
	}

}
