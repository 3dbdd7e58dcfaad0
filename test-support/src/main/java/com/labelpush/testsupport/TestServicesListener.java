package com.labelpush.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Chooses the tests' PostgreSQL and RabbitMQ before the first test of the JVM runs, so
 * that every application context and child process started by a test finds them in the
 * {@code test.postgres.*} and {@code test.rabbitmq.*} system properties. Registered with
 * the JUnit Platform through {@code META-INF/services}.
 */
public final class TestServicesListener implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		TestServices.postgres();
		TestServices.rabbitmq();
	}

}
