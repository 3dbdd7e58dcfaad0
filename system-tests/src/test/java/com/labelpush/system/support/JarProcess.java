package com.labelpush.system.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * One of the project's applications as a real process: its built exec jar (the reactor
 * builds it before this module), started on a port of its own, restartable with the same
 * settings.
 */
public final class JarProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final String module;

	private final List<String> command;

	private final int port;

	private final File log;

	private Process process;

	private JarProcess(String module, List<String> command, int port, File log) {
		this.module = module;
		this.command = command;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a module's exec jar and waits until it is ready.
	 * @param module {@code label-api} or {@code push-gateway}
	 * @param jvmOptions options for the JVM
	 * @param settings Spring settings, without the leading {@code --}
	 * @return the ready process
	 */
	public static JarProcess start(String module, List<String> jvmOptions, List<String> settings) throws Exception {
		return start(module, freePort(), jvmOptions, settings);
	}

	/**
	 * Starts a module's exec jar on a given port and waits until it is ready.
	 * @param module {@code label-api} or {@code push-gateway}
	 * @param port its port
	 * @param jvmOptions options for the JVM
	 * @param settings Spring settings, without the leading {@code --}
	 * @return the ready process
	 */
	public static JarProcess start(String module, int port, List<String> jvmOptions, List<String> settings)
			throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar(module).toString(), "--server.port=" + port, "--logging.level.root=warn"));
		settings.forEach((setting) -> command.add("--" + setting));
		JarProcess process = new JarProcess(module, command, port, Files.createTempFile(module + "-", ".log").toFile());
		process.launch();
		return process;
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** SIGKILL: no shutdown hook, no graceful close. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** Starts again on the same port with the same settings, after a kill or stop. */
	public void restart() throws Exception {
		launch();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	private void launch() throws Exception {
		this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log))
			.start();
		String health = baseUrl() + "/actuator/health/readiness";
		try {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.module + " exited: " + Files.readString(this.log.toPath()));
				}
				try {
					return http.send(HttpRequest.newBuilder(URI.create(health)).build(), BodyHandlers.discarding())
						.statusCode() == 200;
				}
				catch (IOException ex) {
					return false; // not listening yet
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(
					this.module + " not ready within 90s: " + Files.readString(this.log.toPath()), ex);
		}
	}

	private static Path jar(String module) throws IOException {
		try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(module
						+ "/target/*-exec.jar not found: build it first (./mvnw -B verify builds it before this module)"));
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

}
