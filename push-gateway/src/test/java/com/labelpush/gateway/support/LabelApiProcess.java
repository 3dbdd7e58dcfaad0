package com.labelpush.gateway.support;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * label-api as a real process (its built jar, which the reactor builds before this
 * module), on the local PostgreSQL in a schema of its own and the local RabbitMQ.
 */
public final class LabelApiProcess implements AutoCloseable {

	public static final String SCHEMA = "label_api_gw";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private LabelApiProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static LabelApiProcess start() throws Exception {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("..", "label-api", "target"))) {
			jar = files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"label-api/target/*-exec.jar not found: build it first (./mvnw -B verify builds it before this module)"));
		}
		int port = ChildProcesses.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		File log = Files.createTempFile("label-api", ".log").toFile();
		Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port,
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SCHEMA,
				"--spring.flyway.schemas=" + SCHEMA, "--logging.level.root=warn")
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		LabelApiProcess api = new LabelApiProcess(process, port);
		api.awaitUp(log);
		return api;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Creates a label, as the admin would.
	 * @return the label
	 */
	public JsonNode createLabel(String camera, String name) throws Exception {
		String body = json.writeValueAsString(Map.of("cameraId", camera, "name", name, "x", 1, "y", 2));
		var response = this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/labels"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

	private void awaitUp(File log) throws Exception {
		ChildProcesses.awaitHealthy(this.process, baseUrl() + "/actuator/health/readiness", log,
				Duration.ofSeconds(90));
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
