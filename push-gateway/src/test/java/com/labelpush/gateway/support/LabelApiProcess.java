package com.labelpush.gateway.support;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.labelpush.testsupport.ApiKeyHashes;
import com.labelpush.testsupport.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * label-api as a real process (its built jar, which the reactor builds before this
 * module), on the local PostgreSQL in a schema of its own and the local RabbitMQ.
 */
public final class LabelApiProcess implements AutoCloseable {

	public static final String SCHEMA = "label_api_gw";

	/** The admin's API key (scopes labels:read, labels:write). */
	public static final String ADMIN_KEY = "gw-test-admin-key";

	/** The gateways' API key for history calls (scope labels:read). */
	public static final String GATEWAY_KEY = "gw-test-gateway-key";

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
		List<String> command = new ArrayList<>(
				List.of(java, "-jar", jar.toString(), "--server.port=" + port, "--logging.level.root=warn",
						"--labels.security.api-keys.admin.sha256=" + ApiKeyHashes.sha256(ADMIN_KEY),
						"--labels.security.api-keys.admin.scopes=labels:read,labels:write",
						"--labels.security.api-keys.gateway.sha256=" + ApiKeyHashes.sha256(GATEWAY_KEY),
						"--labels.security.api-keys.gateway.scopes=labels:read",
						// the key TestTokens signs with, so its tokens and label-api's
						// are alike
						"--labels.client-tokens.signing-key=file:" + TestTokens.PRIVATE_KEY_FILE));
		TestServices.postgresSettings(SCHEMA).forEach((setting) -> command.add("--" + setting));
		TestServices.rabbitmqSettings().forEach((setting) -> command.add("--" + setting));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		LabelApiProcess api = new LabelApiProcess(process, port);
		api.awaitUp(log);
		return api;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Settings for a gateway that resumes from this label-api, with its own credential,
	 * and verifies client tokens with the key set this label-api publishes.
	 * @return settings without the leading {@code --}
	 */
	public String[] gatewaySettings() {
		return new String[] { "gateway.history.base-url=" + baseUrl(), "gateway.history.api-key=" + GATEWAY_KEY,
				"gateway.client-tokens.public-key=" };
	}

	/**
	 * Asks label-api for a client token, as the admin back end does for a desktop client.
	 * @param camera the camera
	 * @param ttl its lifetime
	 * @return the token
	 */
	public String clientToken(String camera, Duration ttl) throws Exception {
		String body = json.writeValueAsString(Map.of("cameraId", camera, "ttlSeconds", Math.max(1, ttl.toSeconds())));
		return json.readTree(post("/api/client-tokens", body)).get("token").asString();
	}

	/**
	 * Creates a label, as the admin would.
	 * @return the label
	 */
	public JsonNode createLabel(String camera, String name) throws Exception {
		String body = json.writeValueAsString(Map.of("cameraId", camera, "name", name, "x", 1, "y", 2));
		return json.readTree(post("/api/labels", body));
	}

	private String post(String path, String body) throws Exception {
		var response = this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + ADMIN_KEY)
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
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
