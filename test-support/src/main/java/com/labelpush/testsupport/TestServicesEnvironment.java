package com.labelpush.testsupport;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Gives every Spring application a test starts the {@code test.postgres.*} and
 * {@code test.rabbitmq.*} settings its test configuration names, choosing the service
 * only when a setting is first asked for: a run of unit tests alone never looks for
 * PostgreSQL or RabbitMQ. Registered in {@code META-INF/spring.factories}.
 */
public final class TestServicesEnvironment implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new ServiceSettings());
	}

	private static final class ServiceSettings extends PropertySource<Object> {

		ServiceSettings() {
			super("testServices", new Object());
		}

		@Override
		public Object getProperty(String name) {
			if (name.startsWith("test.postgres.")) {
				TestServices.postgres();
				return System.getProperty(name);
			}
			if (name.startsWith("test.rabbitmq.")) {
				TestServices.rabbitmq();
				return System.getProperty(name);
			}
			return null;
		}

	}

}
