package com.labelpush.compose.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web admin's calls to label-api, without retries: label-api must answer them
 * whatever happens to RabbitMQ or the gateways.
 */
public final class Admin {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ComposeStack stack;

	public Admin(ComposeStack stack) {
		this.stack = stack;
	}

	/**
	 * Creates a label.
	 * @return the label as stored
	 */
	public JsonNode create(String camera, String name) {
		return call("POST", "/api/labels", Map.of("cameraId", camera, "name", name, "x", 10, "y", 20), 201);
	}

	/** A client token for a camera, valid for ten minutes. */
	public String clientToken(String camera) {
		return call("POST", "/api/client-tokens", Map.of("cameraId", camera, "ttlSeconds", 600), 200).get("token")
			.asString();
	}

	/** The camera's latest seq, from its event history. */
	public long latestSeq(String camera) {
		return call("GET", "/api/cameras/" + camera + "/events?afterSeq=0&limit=1", null, 200).get("latestSeq")
			.asLong();
	}

	private JsonNode call(String method, String path, Object body, int expectedStatus) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stack.labelApiUrl() + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.stack.adminKey())
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(body != null) ? BodyPublishers.ofString(json.writeValueAsString(body)) : BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", not "
						+ expectedStatus + ": " + response.body());
			}
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new AssertionError(method + " " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

}
