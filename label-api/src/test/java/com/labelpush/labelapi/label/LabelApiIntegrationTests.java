package com.labelpush.labelapi.label;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.nio.ByteBuffer;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.Api.Reply;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

@LabelApiIntegrationTest
class LabelApiIntegrationTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	@LocalServerPort
	int port;

	private Api api;

	private String camera;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.camera = freshCamera();
	}

	@Test
	void shouldCreateALabelAndReturnItWithLocationAndVersion() {
		Reply created = this.api.post("/api/labels", Api.label(this.camera, "north door", 600, 800));

		assertThat(created.status()).isEqualTo(201);
		JsonNode label = created.json();
		assertThat(created.header("Location")).isEqualTo("/api/labels/" + label.get("id").asString());
		assertThat(created.header("ETag")).isEqualTo("\"1\"");
		assertThat(label.get("cameraId").asString()).isEqualTo(this.camera);
		assertThat(label.get("name").asString()).isEqualTo("north door");
		assertThat(label.get("x").asInt()).isEqualTo(600);
		assertThat(label.get("attributes").get("color").asString()).isEqualTo("red");
		assertThat(label.get("version").asLong()).isEqualTo(1);

		Reply fetched = this.api.get(created.header("Location"));
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.json()).isEqualTo(label);
	}

	@Test
	void shouldStoreNothingWhenAFieldIsInvalid() {
		Reply reply = this.api.post("/api/labels", """
				{"cameraId": "%s", "name": "door", "x": -1, "y": 5}
				""".formatted(this.camera));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(labelCount()).isZero();
		assertThat(this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=0").json().get("latestSeq").asLong())
			.as("no event either")
			.isZero();
	}

	@Test
	void shouldAnswer404ForAnUnknownLabel() {
		UUID unknown = UUID.randomUUID();

		for (Reply reply : List.of(this.api.get("/api/labels/" + unknown),
				this.api.put("/api/labels/" + unknown, Api.label(this.camera, "n", 1, 1)),
				this.api.delete("/api/labels/" + unknown))) {
			assertThat(reply.status()).isEqualTo(404);
			assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
			assertThat(reply.json().get("detail").asString()).contains(unknown.toString());
		}
	}

	@Test
	void shouldAnswer400ForMalformedJson() {
		Reply reply = this.api.post("/api/labels", "{\"cameraId\": \"" + this.camera + "\", \"name\": ");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().get("title").asString()).isEqualTo("Malformed request body");
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldAnswer413ForABodyOverTheLimit() {
		String huge = "{\"cameraId\": \"" + this.camera + "\", \"name\": \"" + "a".repeat(70 * 1024) + "\"}";

		Reply declared = this.api.post("/api/labels", huge);
		Reply chunked = this.api.post("/api/labels", chunked(huge), "application/json");

		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.contentType()).startsWith(PROBLEM_JSON);
		assertThat(chunked.status()).isEqualTo(413);
		assertThat(chunked.contentType()).startsWith(PROBLEM_JSON);
		assertThat(labelCount()).isZero();
		assertThat(this.api.post("/api/labels", Api.label(this.camera, "after", 1, 1)).status()).isEqualTo(201);
	}

	@Test
	void shouldReturnTheFirstResultForARetriedPostWithTheSameIdempotencyKey() {
		String key = UUID.randomUUID().toString();
		String body = Api.label(this.camera, "once", 1, 2);

		Reply first = this.api.post("/api/labels", body, "Idempotency-Key", key);
		Reply retry = this.api.post("/api/labels", body, "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.json()).isEqualTo(first.json());
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(labelCount()).isEqualTo(1);
		assertThat(this.api.get("/api/cameras/" + this.camera + "/events").json().get("latestSeq").asLong())
			.isEqualTo(1);
	}

	@Test
	void shouldRefuseAnIdempotencyKeyReusedForAnotherRequest() {
		String key = UUID.randomUUID().toString();
		this.api.post("/api/labels", Api.label(this.camera, "first", 1, 2), "Idempotency-Key", key);

		Reply reused = this.api.post("/api/labels", Api.label(this.camera, "second", 1, 2), "Idempotency-Key", key);

		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.contentType()).startsWith(PROBLEM_JSON);
		assertThat(labelCount()).isEqualTo(1);
	}

	@Test
	void shouldCreateOneLabelWhenRetriesWithTheSameKeyRace() throws Exception {
		String key = UUID.randomUUID().toString();
		String body = Api.label(this.camera, "raced", 1, 2);
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Reply>> replies = clients
				.invokeAll(Collections.nCopies(8, () -> this.api.post("/api/labels", body, "Idempotency-Key", key)));
			Set<String> ids = new HashSet<>();
			for (Future<Reply> reply : replies) {
				assertThat(reply.get().status()).isEqualTo(201);
				ids.add(reply.get().json().get("id").asString());
			}
			assertThat(ids).hasSize(1);
		}
		finally {
			clients.shutdown();
		}
		assertThat(labelCount()).isEqualTo(1);
	}

	@Test
	void shouldRejectAnUnusableIdempotencyKey() {
		Reply tooLong = this.api.post("/api/labels", Api.label(this.camera, "n", 1, 1), "Idempotency-Key",
				"k".repeat(256));
		Reply withSpace = this.api.post("/api/labels", Api.label(this.camera, "n", 1, 1), "Idempotency-Key", "a b");

		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(fields(tooLong)).containsExactly("idempotencyKey");
		assertThat(withSpace.status()).isEqualTo(400);
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldListLabelsOfOneCameraPageByPage() {
		String other = freshCamera();
		for (int i = 0; i < 3; i++) {
			this.api.post("/api/labels", Api.label(this.camera, "label " + i, i, i));
		}
		this.api.post("/api/labels", Api.label(other, "elsewhere", 1, 1));

		JsonNode first = this.api.get("/api/labels?cameraId=" + this.camera + "&page=0&size=2").json();
		JsonNode second = this.api.get("/api/labels?cameraId=" + this.camera + "&page=1&size=2").json();

		assertThat(first.get("totalElements").asLong()).isEqualTo(3);
		assertThat(first.get("totalPages").asInt()).isEqualTo(2);
		assertThat(names(first)).containsExactly("label 0", "label 1");
		assertThat(names(second)).containsExactly("label 2");
	}

	@Test
	void shouldUpdateWithIfMatchAndRefuseAStaleVersion() {
		String location = this.api.post("/api/labels", Api.label(this.camera, "v1", 1, 1)).header("Location");

		Reply updated = this.api.put(location, Api.label(this.camera, "v2", 5, 6), "If-Match", "\"1\"");
		Reply stale = this.api.put(location, Api.label(this.camera, "lost update", 7, 8), "If-Match", "\"1\"");

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("version").asLong()).isEqualTo(2);
		assertThat(updated.header("ETag")).isEqualTo("\"2\"");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(2);
		assertThat(this.api.get(location).json().get("name").asString()).isEqualTo("v2");
	}

	@Test
	void shouldUpdateWithoutIfMatch() {
		String location = this.api.post("/api/labels", Api.label(this.camera, "v1", 1, 1)).header("Location");

		Reply updated = this.api.put(location, "{\"name\": \"moved\", \"x\": 9, \"y\": 9}");

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("x").asInt()).isEqualTo(9);
		assertThat(updated.json().get("cameraId").asString()).isEqualTo(this.camera);
	}

	@Test
	void shouldRefuseMovingALabelToAnotherCamera() {
		String location = this.api.post("/api/labels", Api.label(this.camera, "v1", 1, 1)).header("Location");

		Reply moved = this.api.put(location, Api.label(freshCamera(), "v1", 1, 1));

		assertThat(moved.status()).isEqualTo(409);
		assertThat(this.api.get(location).json().get("version").asLong()).isEqualTo(1);
	}

	@Test
	void shouldDeleteALabel() {
		String location = this.api.post("/api/labels", Api.label(this.camera, "gone", 1, 1)).header("Location");

		assertThat(this.api.delete(location).status()).isEqualTo(204);
		assertThat(this.api.get(location).status()).isEqualTo(404);
		assertThat(this.api.delete(location).status()).isEqualTo(404);
		assertThat(labelCount()).isZero();
	}

	@Test
	void shouldAllowCorsOnlyFromConfiguredOrigins() {
		// A browser sends a preflight without credentials.
		Reply allowed = this.api.as(null)
			.options("/api/labels", "Origin", "http://admin.example", "Access-Control-Request-Method", "POST");
		Reply refused = this.api.as(null)
			.options("/api/labels", "Origin", "http://evil.example", "Access-Control-Request-Method", "POST");

		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://admin.example");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
	}

	private long labelCount() {
		return this.api.get("/api/labels?cameraId=" + this.camera).json().get("totalElements").asLong();
	}

	private static List<String> fields(Reply reply) {
		return reply.json().get("errors").valueStream().map((error) -> error.get("field").asString()).toList();
	}

	private static List<String> names(JsonNode page) {
		return page.get("content").valueStream().map((label) -> label.get("name").asString()).toList();
	}

	// A body without Content-Length, sent with chunked transfer encoding.
	private static java.net.http.HttpRequest.BodyPublisher chunked(String body) {
		return new java.net.http.HttpRequest.BodyPublisher() {

			private final java.net.http.HttpRequest.BodyPublisher delegate = BodyPublishers.ofString(body);

			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
				this.delegate.subscribe(subscriber);
			}

		};
	}

}
