package com.labelpush.system.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.labelpush.testsupport.TcpProxy;
import com.labelpush.testsupport.TestServices;

/** The tests' RabbitMQ, as the applications started by a test reach it. */
public final class Broker {

	private Broker() {
	}

	/**
	 * A path to the broker the test can break: applications started with
	 * {@link #settingsThrough(TcpProxy)} lose their broker connections when it drops
	 * them.
	 * @return the path, open
	 */
	public static TcpProxy path() throws IOException {
		return new TcpProxy(TestServices.rabbitmq().host(), TestServices.rabbitmq().port());
	}

	/**
	 * Settings that connect an application to the broker through the path.
	 * @param path the path
	 * @return {@code spring.rabbitmq.host} and {@code .port}
	 */
	public static String[] settingsThrough(TcpProxy path) {
		return new String[] { "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + path.port() };
	}

	/**
	 * The settings, with the tests' broker added unless they name one: a setting given
	 * twice on the command line reaches Spring as a list, not as the last one.
	 * @param settings the settings
	 * @return the settings, naming a broker
	 */
	static List<String> settingsOr(String... settings) {
		List<String> all = new ArrayList<>(List.of(settings));
		if (all.stream().noneMatch((setting) -> setting.startsWith("spring.rabbitmq."))) {
			all.addAll(TestServices.rabbitmqSettings());
		}
		return all;
	}

}
