package com.labelpush.compose.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What RabbitMQ's management API tells about the cluster, as an operator reads it. */
public final class BrokerManagement {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ComposeStack stack;

	public BrokerManagement(ComposeStack stack) {
		this.stack = stack;
	}

	/** The names of the cluster's running nodes, such as {@code rabbit@rabbitmq-2}. */
	public List<String> runningNodes() {
		return StreamSupport.stream(get("/api/nodes").spliterator(), false)
			.filter((node) -> node.path("running").asBoolean())
			.map((node) -> node.path("name").asString())
			.sorted()
			.toList();
	}

	/**
	 * The node a client's connection is on.
	 * @param connectionName the name the client gave its connection
	 * @return the node, if the client is connected
	 */
	public Optional<String> nodeOf(String connectionName) {
		return StreamSupport.stream(get("/api/connections").spliterator(), false)
			.filter((connection) -> connectionName
				.equals(connection.path("client_properties").path("connection_name").asString()))
			.map((connection) -> connection.path("node").asString())
			.findFirst();
	}

	private JsonNode get(String path) {
		String credentials = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stack.rabbitManagementUrl() + path))
			.header("Authorization", "Basic " + credentials)
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

}
