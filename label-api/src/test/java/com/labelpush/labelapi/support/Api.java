package com.labelpush.labelapi.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for label-api, as the admin front end calls it: with the test admin
 * key unless told otherwise.
 */
public final class Api {

	/** Scopes labels:read and labels:write (application-test.yml). */
	public static final String ADMIN_KEY = "test-admin-key";

	/** Scope labels:read only. */
	public static final String READER_KEY = "test-reader-key";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	private final @Nullable String bearer;

	public Api(int port) {
		this(port, ADMIN_KEY);
	}

	private Api(int port, @Nullable String bearer) {
		this.port = port;
		this.bearer = bearer;
	}

	/**
	 * The same server with another bearer token.
	 * @param bearer the token, or {@code null} to send none
	 * @return a client sending that token
	 */
	public Api as(@Nullable String bearer) {
		return new Api(this.port, bearer);
	}

	public Reply post(String path, String body, String... headers) {
		return send(
				request(path, headers).header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)));
	}

	public Reply post(String path, BodyPublisher body, String contentType) {
		return send(request(path).header("Content-Type", contentType).POST(body));
	}

	public Reply put(String path, String body, String... headers) {
		return send(
				request(path, headers).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(body)));
	}

	public Reply get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Reply delete(String path, String... headers) {
		return send(request(path, headers).DELETE());
	}

	public Reply options(String path, String... headers) {
		return send(request(path, headers).method("OPTIONS", BodyPublishers.noBody()));
	}

	public static String label(String cameraId, String name, int x, int y) {
		return json.writeValueAsString(Map.of("cameraId", cameraId, "name", name, "x", x, "y", y, "width", 50, "height",
				50, "imageUrl", "http://img.example/louyu.png", "attributes", Map.of("color", "red")));
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (this.bearer != null) {
			builder.header("Authorization", "Bearer " + this.bearer);
		}
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder;
	}

	private Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
			return new Reply(response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Reply(HttpResponse<String> response) {

		public int status() {
			return this.response.statusCode();
		}

		public JsonNode json() {
			return Api.json.readTree(this.response.body());
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}
