package com.labelpush.localrun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.qpid.server.SystemLauncher;
import org.jspecify.annotations.Nullable;

/**
 * The AMQP 0-9-1 broker the run uses: the local RabbitMQ on 5672 when it answers,
 * otherwise Apache Qpid Broker-J in this JVM, in memory (guest/guest).
 */
final class Broker implements AutoCloseable {

	private final int port;

	private final String description;

	private final @Nullable SystemLauncher embedded;

	private final @Nullable Path workDir;

	private Broker(int port, String description, @Nullable SystemLauncher embedded, @Nullable Path workDir) {
		this.port = port;
		this.description = description;
		this.embedded = embedded;
		this.workDir = workDir;
	}

	static Broker start(boolean forceEmbedded) throws Exception {
		if (!forceEmbedded && Ports.answers(5672)) {
			return new Broker(5672, "local RabbitMQ on 127.0.0.1:5672", null, null);
		}
		int port = Ports.free();
		Path workDir = Files.createTempDirectory("label-push-qpid");
		Map<String, Object> context = new HashMap<>();
		context.put("qpid.amqp_port", port);
		context.put("qpid.work_dir", workDir.toString());
		context.put("qpid.home_dir", workDir.toString());
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("type", "Memory");
		attributes.put("initialConfigurationLocation",
				Broker.class.getClassLoader().getResource("qpid-config.json").toExternalForm());
		// Qpid's defaults name "classpath:" URLs, whose handler it cannot register from
		// inside an executable jar: give it URLs of our own.
		attributes.put("initialSystemPropertiesLocation",
				Broker.class.getClassLoader().getResource("qpid-system.properties").toExternalForm());
		attributes.put("startupLoggedToSystemOut", false);
		attributes.put("context", context);
		SystemLauncher launcher = new SystemLauncher();
		launcher.startup(attributes);
		return new Broker(port, "embedded AMQP broker (Apache Qpid Broker-J) on 127.0.0.1:" + port, launcher, workDir);
	}

	int port() {
		return this.port;
	}

	String description() {
		return this.description;
	}

	@Override
	public void close() throws Exception {
		if (this.embedded != null) {
			try {
				this.embedded.shutdown();
			}
			catch (RuntimeException ex) {
				// Qpid reports its own stopped executors while stopping; it is down
				// either way
			}
		}
		if (this.workDir != null) {
			try (Stream<Path> files = Files.walk(this.workDir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

}
