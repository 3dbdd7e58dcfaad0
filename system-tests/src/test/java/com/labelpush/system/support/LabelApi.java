package com.labelpush.system.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.labelpush.testsupport.AppProcess;
import com.labelpush.testsupport.TestServices;
import com.labelpush.testsupport.ApiKeyHashes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * label-api as the admin's back end uses it: writes with the admin key, retried with the
 * same {@code Idempotency-Key} until they succeed (so a restart loses no write and makes
 * none twice), and client tokens for desktop clients.
 */
public final class LabelApi implements AutoCloseable {

	/** The admin's key (scopes labels:read, labels:write). */
	public static final String ADMIN_KEY = "system-test-admin-key";

	/** The gateways' key for history calls (scope labels:read). */
	public static final String GATEWAY_KEY = "system-test-gateway-key";

	private static final String SCHEMA = "label_api_system";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final AppProcess process;

	private LabelApi(AppProcess process) {
		this.process = process;
	}

	/**
	 * Starts label-api with the test credentials.
	 * @param settings further settings, without {@code --}
	 * @return the ready label-api
	 */
	public static LabelApi start(String... settings) throws Exception {
		List<String> all = new ArrayList<>(TestServices.postgresSettings(SCHEMA));
		all.addAll(List.of("labels.security.api-keys.admin.sha256=" + ApiKeyHashes.sha256(ADMIN_KEY),
				"labels.security.api-keys.admin.scopes=labels:read,labels:write",
				"labels.security.api-keys.gateway.sha256=" + ApiKeyHashes.sha256(GATEWAY_KEY),
				"labels.security.api-keys.gateway.scopes=labels:read",
				"labels.client-tokens.signing-key=file:src/test/resources/client-tokens-test-key.pem"));
		all.addAll(Broker.settingsOr(settings));
		List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
		// extra JVM options for a benchmark, e.g. a profiler:
		// -Dbench.labelApiJvm=-javaagent:ap-loader.jar=start,event=itimer,collapsed,file=/tmp/api.txt
		String extra = System.getProperty("bench.labelApiJvm", "");
		if (!extra.isBlank()) {
			jvm.addAll(List.of(extra.split(" ")));
		}
		return new LabelApi(AppProcess.startJar("label-api", jvm, all));
	}

	public AppProcess process() {
		return this.process;
	}

	public String baseUrl() {
		return this.process.baseUrl();
	}

	/**
	 * Creates a label, retrying through outages.
	 * @return the label
	 */
	public JsonNode create(String camera, String name, int x, int y) {
		return json.readTree(write("POST", "/api/labels",
				json.writeValueAsString(Map.of("cameraId", camera, "name", name, "x", x, "y", y))));
	}

	/** Moves a label, retrying through outages. */
	public JsonNode move(JsonNode label, int x, int y) {
		return json.readTree(write("PUT", "/api/labels/" + label.get("id").asString(), json.writeValueAsString(Map
			.of("cameraId", label.get("cameraId").asString(), "name", label.get("name").asString(), "x", x, "y", y))));
	}

	/** A client token for a camera, valid for ten minutes. */
	public String clientToken(String camera) {
		return json
			.readTree(write("POST", "/api/client-tokens",
					json.writeValueAsString(Map.of("cameraId", camera, "ttlSeconds", 600))))
			.get("token")
			.asString();
	}

	// PUT is idempotent by nature; POSTs carry an Idempotency-Key, so a retry after a
	// lost answer creates nothing twice.
	private String write(String method, String path, String body) {
		String key = UUID.randomUUID().toString();
		String[] answer = new String[1];
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + ADMIN_KEY)
					.header("Idempotency-Key", key)
					.timeout(Duration.ofSeconds(10))
					.method(method, BodyPublishers.ofString(body))
					.build(), BodyHandlers.ofString());
				if (response.statusCode() / 100 == 2) {
					answer[0] = response.body();
					return true;
				}
				if (response.statusCode() >= 500) {
					return false;
				}
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			catch (IOException ex) {
				return false; // label-api is down or restarting
			}
		});
		return answer[0];
	}

	@Override
	public void close() throws InterruptedException {
		this.process.close();
	}

}
