package com.labelpush.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Locale;

import com.rabbitmq.client.ConnectionFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The PostgreSQL and RabbitMQ the integration tests of this JVM use, chosen once, in
 * order:
 * <ol>
 * <li>settings given to the build ({@code -Dtest.postgres.host=…},
 * {@code -Dtest.rabbitmq.host=…}, with {@code .port}, {@code .username},
 * {@code .password} and, for PostgreSQL, {@code .database});</li>
 * <li>the local services, when {@code 127.0.0.1:5432} and {@code 127.0.0.1:5672}
 * answer;</li>
 * <li>containers started with Testcontainers ({@code postgres:15},
 * {@code rabbitmq:3.13-management}) when a Docker engine answers.</li>
 * </ol>
 * {@code -Dtest.services=containers} skips the local services (CI proves the container
 * path that way); {@code -Dtest.services=local} never starts a container. Each service is
 * chosen when first asked for, printed, and published as the {@code test.postgres.*} or
 * {@code test.rabbitmq.*} system properties the modules' test settings read
 * ({@link TestServicesEnvironment}).
 */
public final class TestServices {

	private static final String POSTGRES_IMAGE = "postgres:15";

	private static final String RABBITMQ_IMAGE = "rabbitmq:3.13-management";

	private static Endpoint postgres;

	private static Endpoint rabbitmq;

	private TestServices() {
	}

	/** The PostgreSQL the tests use; its database holds one schema per module. */
	public static synchronized Endpoint postgres() {
		if (postgres == null) {
			postgres = resolve("postgres", 5432, "test", "postgres", "", TestServices::postgresContainer);
		}
		return postgres;
	}

	/** The RabbitMQ the tests use. */
	public static synchronized Endpoint rabbitmq() {
		if (rabbitmq == null) {
			rabbitmq = resolve("rabbitmq", 5672, "", "guest", "guest", TestServices::rabbitmqContainer);
		}
		return rabbitmq;
	}

	/**
	 * Spring Boot settings that point an application at the tests' RabbitMQ, for an
	 * application a test starts as a child process.
	 * @return settings such as {@code spring.rabbitmq.host=127.0.0.1}
	 */
	public static List<String> rabbitmqSettings() {
		Endpoint broker = rabbitmq();
		return List.of("spring.rabbitmq.host=" + broker.host(), "spring.rabbitmq.port=" + broker.port(),
				"spring.rabbitmq.username=" + broker.username(), "spring.rabbitmq.password=" + broker.password());
	}

	/**
	 * A client connection factory for the tests' RabbitMQ, for a test that publishes or
	 * consumes itself.
	 * @return the factory, with address and credentials set
	 */
	public static ConnectionFactory rabbitmqConnections() {
		Endpoint broker = rabbitmq();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(broker.host());
		factory.setPort(broker.port());
		factory.setUsername(broker.username());
		factory.setPassword(broker.password());
		return factory;
	}

	/**
	 * A path to the tests' RabbitMQ that a test can cut, drop or freeze: an application
	 * started with {@link #rabbitmqSettingsThrough(TcpProxy)} reaches the broker only
	 * through it.
	 * @return the path, open
	 */
	public static TcpProxy rabbitmqPath() {
		Endpoint broker = rabbitmq();
		try {
			return new TcpProxy(broker.host(), broker.port());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Spring Boot settings that connect an application to the broker through a path.
	 * @param path the path
	 * @return {@code spring.rabbitmq.host} and {@code .port}
	 */
	public static List<String> rabbitmqSettingsThrough(TcpProxy path) {
		return List.of("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + path.port());
	}

	/**
	 * Spring Boot settings that point label-api at the tests' PostgreSQL, in a schema of
	 * its own (Flyway creates it).
	 * @param schema the schema
	 * @return settings such as {@code spring.datasource.url=…}
	 */
	public static List<String> postgresSettings(String schema) {
		Endpoint database = postgres();
		return List.of("spring.datasource.url=" + database.jdbcUrl(schema),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "spring.flyway.schemas=" + schema);
	}

	private static Endpoint resolve(String service, int localPort, String database, String username, String password,
			ContainerStart container) {
		String prefix = "test." + service + ".";
		String mode = System.getProperty("test.services", "auto").toLowerCase(Locale.ROOT);
		Endpoint endpoint;
		String source;
		if (System.getProperty(prefix + "host") != null) {
			endpoint = new Endpoint(System.getProperty(prefix + "host"),
					Integer.parseInt(System.getProperty(prefix + "port", String.valueOf(localPort))),
					System.getProperty(prefix + "database", database),
					System.getProperty(prefix + "username", username),
					System.getProperty(prefix + "password", password));
			source = "settings given to the build";
		}
		else if (!mode.equals("containers") && answers("127.0.0.1", localPort)) {
			endpoint = new Endpoint("127.0.0.1", localPort, database, username, password);
			source = "the local service";
		}
		else if (mode.equals("local")) {
			throw new IllegalStateException(service + " does not answer on 127.0.0.1:" + localPort
					+ " and -Dtest.services=local forbids a container");
		}
		else if (DockerClientFactory.instance().isDockerAvailable()) {
			endpoint = container.start();
			source = "a container started by Testcontainers";
		}
		else {
			throw new IllegalStateException(service + " does not answer on 127.0.0.1:" + localPort + ", no -D" + prefix
					+ "host=... was given and no Docker engine answers for Testcontainers;"
					+ " start one of them (README, Test)");
		}
		System.setProperty(prefix + "host", endpoint.host());
		System.setProperty(prefix + "port", String.valueOf(endpoint.port()));
		System.setProperty(prefix + "database", endpoint.database());
		System.setProperty(prefix + "username", endpoint.username());
		System.setProperty(prefix + "password", endpoint.password());
		System.out.printf("test services: %s at %s:%d, %s%n", service, endpoint.host(), endpoint.port(), source);
		return endpoint;
	}

	private static Endpoint postgresContainer() {
		// the server options without the leading "postgres": both the official image's
		// entrypoint and minimal stand-ins of it take them so
		PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("test")
			.withCommand("-c", "fsync=off", "-c", "max_connections=200");
		container.start();
		stopAtExit(container::stop);
		return new Endpoint(container.getHost(), container.getMappedPort(5432), "test", container.getUsername(),
				container.getPassword());
	}

	private static Endpoint rabbitmqContainer() {
		// logs to the console (the official image's default): the wait strategy reads it
		RabbitMQContainer container = new RabbitMQContainer(RABBITMQ_IMAGE).withEnv("RABBITMQ_LOGS", "-");
		container.start();
		stopAtExit(container::stop);
		return new Endpoint(container.getHost(), container.getAmqpPort(), "", container.getAdminUsername(),
				container.getAdminPassword());
	}

	// Ryuk, Testcontainers' reaper, cannot run where no registry is reachable
	// (TESTCONTAINERS_RYUK_DISABLED=true): the JVM removes its own containers.
	private static void stopAtExit(Runnable stop) {
		Runtime.getRuntime().addShutdownHook(new Thread(stop, "test-services-stop"));
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@FunctionalInterface
	private interface ContainerStart {

		Endpoint start();

	}

	/**
	 * Where a service answers and how to log in.
	 *
	 * @param host the host
	 * @param port the port
	 * @param database the database (PostgreSQL only)
	 * @param username the user
	 * @param password the password
	 */
	public record Endpoint(String host, int port, String database, String username, String password) {

		/**
		 * A JDBC URL for the database with a schema of the caller's own.
		 * @param schema the schema the connections use
		 * @return the URL
		 */
		public String jdbcUrl(String schema) {
			return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database + "?currentSchema="
					+ schema;
		}

	}

}
