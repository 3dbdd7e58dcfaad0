package com.labelpush.localrun;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One of the project's applications (its exec jar) as a child process, its output shown
 * with its name in front. Not test-support's {@code AppProcess}: this is what a developer
 * runs, built without test libraries, and it shows the output live, not in a log.
 */
final class ChildApp implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	// what run.sh builds: the applications, not the C# client (which needs Mono)
	private static final String BUILD = "./mvnw -B -DskipTests -pl local-run -am package";

	private final String name;

	private final int port;

	private final Process process;

	private ChildApp(String name, int port, Process process) {
		this.name = name;
		this.port = port;
		this.process = process;
	}

	static ChildApp start(String name, String module, int port, List<String> jvmOptions, List<String> settings)
			throws IOException {
		if (Ports.answers(port)) {
			throw new IllegalStateException("port " + port + " is taken; stop what runs there, or start with "
					+ "--base-port=<port> to move label-api and the gateways");
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar(module).toString(), "--server.port=" + port));
		settings.forEach((setting) -> command.add("--" + setting));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ChildApp app = new ChildApp(name, port, process);
		Thread pump = new Thread(() -> app.pump(System.out), name + "-output");
		pump.setDaemon(true);
		pump.start();
		return app;
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	/** Waits until the app reports itself ready, or fails if it exits first. */
	void awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		URI readiness = URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness");
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with code " + this.process.exitValue());
			}
			try {
				if (http.send(HttpRequest.newBuilder(readiness).build(), BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(this.name + " not ready within " + timeout.toSeconds() + " s");
	}

	/** Asks the app to stop (SIGTERM: a graceful shutdown), then makes sure it has. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(40, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private void pump(PrintStream out) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				out.println("[" + this.name + "] " + line);
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	private static Path jar(String module) throws IOException {
		Path target = Path.of(module, "target");
		if (!Files.isDirectory(target)) {
			throw new IllegalStateException(
					target.toAbsolutePath() + " not found: run from the repository root after " + BUILD);
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						module + "/target/*-exec.jar not found: build it with " + BUILD));
		}
	}

}
