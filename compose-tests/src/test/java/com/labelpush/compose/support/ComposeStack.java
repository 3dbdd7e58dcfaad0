package com.labelpush.compose.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.labelpush.testsupport.ApiKeyHashes;

import static org.awaitility.Awaitility.await;

/**
 * The operators' compose stack, run as the README tells them: a fresh env file and
 * signing key (generated with the documented commands), {@code docker-compose build} and
 * {@code up -d}, every health check waited for, {@code down -v} at the end. Published
 * ports are free ones, so the stack runs beside the machine's own PostgreSQL, RabbitMQ
 * and applications.
 */
public final class ComposeStack implements AutoCloseable {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

	private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(5);

	private final String project;

	private final List<String> files;

	private final Path work;

	private final Map<String, String> environment = new LinkedHashMap<>();

	private final String adminKey = randomKey();

	private ComposeStack(String project, List<String> files) throws IOException {
		this.project = project;
		this.files = files;
		this.work = Files.createDirectories(ROOT.resolve("compose-tests/target/" + project));
	}

	/**
	 * Builds the images and starts the stack, then waits until every container is
	 * healthy.
	 * @param project the compose project name (containers, network and volumes carry it)
	 * @param files the compose files, the first one {@code docker-compose.yml}
	 * @return the running stack
	 */
	public static ComposeStack up(String project, String... files) throws Exception {
		ComposeStack stack = new ComposeStack(project, List.of(files));
		try {
			stack.writeEnvironment();
			// left over by an aborted run
			stack.compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
			stack.compose(BUILD_TIMEOUT, "build");
			stack.compose(HEALTHY_TIMEOUT, "up", "-d");
			stack.awaitHealthy();
			return stack;
		}
		catch (Exception | AssertionError ex) {
			stack.close();
			throw ex;
		}
	}

	public String labelApiUrl() {
		return "http://127.0.0.1:" + this.environment.get("LABEL_API_PORT");
	}

	/** The load balancer's address, where desktop clients connect. */
	public String gatewayUrl() {
		return "ws://127.0.0.1:" + this.environment.get("GATEWAY_PORT");
	}

	public String rabbitManagementUrl() {
		return "http://127.0.0.1:" + this.environment.get("RABBITMQ_MANAGEMENT_PORT");
	}

	public String adminKey() {
		return this.adminKey;
	}

	/** Sends SIGKILL to a service's container: a crash, no shutdown drain. */
	public void kill(String service) {
		compose(Duration.ofMinutes(1), "kill", service);
	}

	/** Stops and starts a service's container, as an operator's restart does. */
	public void restart(String service) {
		compose(Duration.ofMinutes(2), "restart", service);
	}

	/** Waits until every running container of the stack reports healthy. */
	public void awaitHealthy() {
		await().atMost(HEALTHY_TIMEOUT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			List<String> unhealthy = health().entrySet()
				.stream()
				.filter((container) -> !container.getValue().equals("healthy"))
				.map((container) -> container.getKey() + " " + container.getValue())
				.toList();
			if (!unhealthy.isEmpty()) {
				throw new AssertionError("not healthy yet: " + unhealthy);
			}
		});
	}

	/** Every running container's health, by container name. */
	private Map<String, String> health() {
		List<String> ids = compose(Duration.ofSeconds(30), "ps", "-q").lines().filter((id) -> !id.isBlank()).toList();
		List<String> command = new ArrayList<>(List.of("docker", "inspect", "--format",
				"{{.Name}} {{if .State.Running}}{{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}{{else}}{{.State.Status}}{{end}}"));
		command.addAll(ids);
		return run(Duration.ofSeconds(30), command).lines()
			.map((line) -> line.split(" ", 2))
			.filter((fields) -> !fields[1].equals("exited"))
			.collect(Collectors.toMap((fields) -> fields[0].substring(1), (fields) -> fields[1]));
	}

	/**
	 * Writes the stack's logs next to the test reports: what to read when a check fails.
	 */
	public Path saveLogs() {
		Path logs = this.work.resolve("compose.log");
		try {
			Files.writeString(logs, compose(Duration.ofMinutes(1), "logs", "--no-color", "--timestamps"));
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("could not save the stack's logs: " + ex.getMessage());
		}
		return logs;
	}

	@Override
	public void close() {
		saveLogs();
		compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
	}

	private void writeEnvironment() throws IOException {
		String gatewayKey = randomKey();
		this.environment.put("POSTGRES_PASSWORD", randomKey());
		this.environment.put("ADMIN_KEY_SHA256", ApiKeyHashes.sha256(this.adminKey));
		this.environment.put("GATEWAY_KEY_SHA256", ApiKeyHashes.sha256(gatewayKey));
		this.environment.put("GATEWAY_KEY", gatewayKey);
		this.environment.put("RABBITMQ_CLUSTER_COOKIE", randomKey());
		this.environment.put("LABEL_API_PORT", String.valueOf(freePort()));
		this.environment.put("GATEWAY_PORT", String.valueOf(freePort()));
		this.environment.put("RABBITMQ_MANAGEMENT_PORT", String.valueOf(freePort()));
		this.environment.put("CLIENT_TOKENS_KEY_FILE", writeSigningKey().toString());
		Files.write(envFile(),
				this.environment.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue()).toList());
	}

	// The README's commands: openssl genpkey, then the file given to label-api's user
	// (uid 10001) read-only. Only root may give a file away; a developer's run falls back
	// to a world-readable test key.
	private Path writeSigningKey() throws IOException {
		Path secrets = Files.createDirectories(this.work.resolve("secrets"));
		Path key = secrets.resolve("client-tokens.pem");
		Files.deleteIfExists(key);
		run(Duration.ofSeconds(30), List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
				"ec_paramgen_curve:P-256", "-out", key.toString()));
		if (exitCode(List.of("chown", "10001", key.toString())) == 0) {
			Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
		}
		else {
			Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--r--r--"));
		}
		return key;
	}

	private Path envFile() {
		return this.work.resolve("compose.env");
	}

	private String compose(Duration timeout, String... arguments) {
		List<String> command = new ArrayList<>(composeCommand());
		command.addAll(List.of("--project-name", this.project, "--project-directory", ROOT.toString(), "--env-file",
				envFile().toString()));
		for (String file : this.files) {
			command.addAll(List.of("-f", ROOT.resolve(file).toString()));
		}
		command.addAll(List.of(arguments));
		return run(timeout, command);
	}

	// docker-compose v1 where installed (Debian 12 has only that), else the v2 plugin
	private static List<String> composeCommand() {
		return (exitCode(List.of("docker-compose", "version")) == 0) ? List.of("docker-compose")
				: List.of("docker", "compose");
	}

	private static int exitCode(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(1, TimeUnit.MINUTES) ? process.exitValue() : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String run(Duration timeout, List<String> command) {
		try {
			Path output = Files.createTempFile("compose", ".out");
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
				}
				String text = Files.readString(output, StandardCharsets.UTF_8);
				if (process.exitValue() != 0) {
					throw new IllegalStateException(
							"exit " + process.exitValue() + ": " + String.join(" ", command) + "\n" + text);
				}
				return text;
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted: " + String.join(" ", command), ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String randomKey() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
