package com.labelpush.gateway.resume;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.labelpush.events.CameraId;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/** The history client against a stand-in for label-api's history endpoint. */
class HistoryClientTests {

	private static final CameraId CAMERA = CameraId.of("cam-7");

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private volatile Answer latestSeqsAnswer = new Answer(404, "{}");

	private final HttpServer server = startServer();

	private final HistoryClient client = new HistoryClient(
			new HistoryProperties(URI.create("http://127.0.0.1:" + this.server.getAddress().getPort()),
					Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofMillis(10), "gateway-key"),
			JsonMapper.builder().build());

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void shouldKeepEachEventByteForByteAndSkipFieldsItDoesNotKnow() {
		String first = "{\"seq\":3,\"type\":\"label.created\",\"occurredAt\":\"2026-12-02T06:00:00.123Z\",\"x\":1.50}";
		String second = "{ \"type\" : \"label.deleted\", \"seq\" : 4, \"occurredAt\" : \"2026-12-02T06:00:01Z\" }";
		answer("afterSeq=2", 200, "{\"cameraId\":\"cam-7\",\"extra\":{\"a\":[1,2]},\"latestSeq\":4,\"events\":[" + first
				+ "," + second + "]}");

		HistoryPage page = this.client.after(CAMERA, 2);

		assertThat(page.latestSeq()).isEqualTo(4);
		assertThat(page.events()).extracting(HistoryPage.StoredEvent::json).containsExactly(first, second);
		assertThat(page.events()).extracting(HistoryPage.StoredEvent::seq).containsExactly(3L, 4L);
		assertThat(page.events().get(0).occurredAtMillis()).isEqualTo(1796191200123L);
		assertThat(this.authorizations).containsOnly("Bearer gateway-key");
	}

	@Test
	void shouldReadPageAfterPageUntilAShortOne() {
		answer("afterSeq=0", 200, page(1, 1000, 1500));
		answer("afterSeq=1000", 200, page(1001, 1500, 1500));

		HistoryPage page = this.client.after(CAMERA, 0);

		assertThat(page.events()).hasSize(1500);
		assertThat(page.events().get(1499).seq()).isEqualTo(1500);
		assertThat(this.requests).hasSize(2);
	}

	@Test
	void shouldTellAGoneHistoryFromAnUnavailableOne() {
		answer("afterSeq=1", 410, "{\"title\":\"Gone\"}");
		answer("afterSeq=2", 503, "{\"title\":\"Service Unavailable\"}");

		assertThatExceptionOfType(HistoryGone.class).isThrownBy(() -> this.client.after(CAMERA, 1));
		assertThatExceptionOfType(HistoryUnavailable.class).isThrownBy(() -> this.client.after(CAMERA, 2));
		// a 503 is retried, as configured
		assertThat(this.requests.stream().filter((request) -> request.contains("afterSeq=2"))).hasSize(3);
	}

	@Test
	void shouldNameTheKeySettingWhenLabelApiRefusesTheGateway() {
		answer("afterSeq=5", 401, "{}");

		assertThatExceptionOfType(HistoryUnavailable.class).isThrownBy(() -> this.client.after(CAMERA, 5))
			.withMessageContaining("gateway.history.api-key");
	}

	@Test
	void shouldCallABodyThatIsNoHistoryPageUnavailable() {
		answer("afterSeq=6", 200, "[1,2,3]");
		answer("afterSeq=7", 200, "{\"latestSeq\":9,\"events\":[{\"seq\":\"eight\"}]}");

		assertThatExceptionOfType(HistoryUnavailable.class).isThrownBy(() -> this.client.after(CAMERA, 6));
		assertThatExceptionOfType(HistoryUnavailable.class).isThrownBy(() -> this.client.after(CAMERA, 7));
	}

	@Test
	void shouldAskForTheLatestSeqOnceWithoutEvents() {
		answer("limit=1", 200, "{\"latestSeq\":41,\"events\":[]}");

		assertThat(this.client.latestSeq(CAMERA)).isEqualTo(41);
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void shouldAskTheLatestSeqsOfSeveralCamerasInOneCall() {
		this.latestSeqsAnswer = new Answer(200, "{\"latestSeqs\":{\"cam-7\":41,\"cam-8\":0,\"cam-9\":3}}");

		assertThat(this.client.latestSeqs(List.of(CAMERA, CameraId.of("cam-8"), CameraId.of("cam-9"))))
			.containsExactly(entry(CAMERA, 41L), entry(CameraId.of("cam-8"), 0L), entry(CameraId.of("cam-9"), 3L));
		assertThat(this.requests).containsExactly("cameraId=cam-7&cameraId=cam-8&cameraId=cam-9");
	}

	@Test
	void shouldAskCameraByCameraALabelApiWithoutTheCallForManyCameras() {
		this.latestSeqsAnswer = new Answer(404, "{}");
		answer("limit=1", 200, "{\"latestSeq\":41,\"events\":[]}");

		assertThat(this.client.latestSeqs(List.of(CAMERA))).containsExactly(entry(CAMERA, 41L));
	}

	@Test
	void shouldCallAnAnswerMissingACameraUnavailable() {
		this.latestSeqsAnswer = new Answer(200, "{\"latestSeqs\":{\"cam-7\":41}}");

		assertThatExceptionOfType(HistoryUnavailable.class)
			.isThrownBy(() -> this.client.latestSeqs(List.of(CAMERA, CameraId.of("cam-8"))))
			.withMessageContaining("cam-8");
	}

	private static String page(long from, long to, long latest) {
		StringBuilder events = new StringBuilder();
		for (long seq = from; seq <= to; seq++) {
			events.append((seq > from) ? "," : "")
				.append("{\"seq\":")
				.append(seq)
				.append(",\"occurredAt\":\"2026-12-02T06:00:00Z\"}");
		}
		return "{\"latestSeq\":" + latest + ",\"events\":[" + events + "]}";
	}

	private void answer(String queryPart, int status, String body) {
		this.answers.put(queryPart, new Answer(status, body));
	}

	private HttpServer startServer() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			http.createContext("/api/cameras/latest-seqs", (exchange) -> {
				this.requests.add(exchange.getRequestURI().getQuery());
				byte[] bytes = this.latestSeqsAnswer.body().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(this.latestSeqsAnswer.status(), bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			http.createContext("/api/cameras/cam-7/events", (exchange) -> {
				String query = exchange.getRequestURI().getQuery();
				this.requests.add(query);
				this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
				Answer answer = this.answers.entrySet()
					.stream()
					.filter((entry) -> query.contains(entry.getKey()))
					.map(Map.Entry::getValue)
					.findFirst()
					.orElse(new Answer(404, "{}"));
				byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(answer.status(), bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			http.start();
			return http;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Answer(int status, String body) {
	}

}
