package com.labelpush.system.support;

import java.util.ArrayList;
import java.util.List;

import com.labelpush.testsupport.TestServices;

/** The tests' RabbitMQ, as the applications started by a test reach it. */
public final class Broker {

	private Broker() {
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
