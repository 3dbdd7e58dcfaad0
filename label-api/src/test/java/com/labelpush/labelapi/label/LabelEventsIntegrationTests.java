package com.labelpush.labelapi.label;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import com.labelpush.events.CameraId;
import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.Api.Reply;
import com.labelpush.labelapi.support.CameraQueue;
import com.labelpush.labelapi.support.CameraQueue.Received;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches a queue bound to a camera, as a push-gateway's queue is, when labels
 * change.
 */
@LabelApiIntegrationTest
class LabelEventsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	LabelService labels;

	@Autowired
	PlatformTransactionManager transactionManager;

	private Api api;

	private String camera;

	private CameraQueue queue;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new Api(this.port);
		this.camera = freshCamera();
		this.queue = CameraQueue.bind(CameraId.of(this.camera));
	}

	@AfterEach
	void tearDown() throws Exception {
		this.queue.close();
	}

	@Test
	void shouldPublishEachChangeAsTheContractSays() throws Exception {
		Reply created = this.api.post("/api/labels", Api.label(this.camera, "north door", 600, 800));
		String location = created.header("Location");
		this.api.put(location, Api.label(this.camera, "north door", 620, 790));
		this.api.delete(location);

		List<Received> messages = this.queue.next(3, WAIT);

		assertThat(messages).extracting(Received::routingKey)
			.containsExactly("camera." + this.camera + ".created", "camera." + this.camera + ".updated",
					"camera." + this.camera + ".deleted");
		JsonNode first = this.json.readTree(messages.get(0).body());
		assertThat(first.get("type").asString()).isEqualTo("label.created");
		assertThat(first.get("cameraId").asString()).isEqualTo(this.camera);
		assertThat(first.get("seq").asLong()).isEqualTo(1);
		assertThat(first.get("label")).isEqualTo(created.json());
		assertThat(first.get("occurredAt").asString())
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
		JsonNode deleted = this.json.readTree(messages.get(2).body());
		assertThat(deleted.get("type").asString()).isEqualTo("label.deleted");
		assertThat(deleted.get("label").get("x").asInt()).isEqualTo(620);
		for (Received message : messages) {
			JsonNode event = this.json.readTree(message.body());
			assertThat(message.properties().getContentType()).isEqualTo("application/json");
			assertThat(message.properties().getMessageId()).isEqualTo(event.get("eventId").asString());
			assertThat(message.properties().getHeaders()).containsEntry("seq", event.get("seq").asLong());
			assertThat(message.properties().getHeaders().get("cameraId")).hasToString(this.camera);
		}
		assertThat(messages).extracting((message) -> this.json.readTree(message.body()).get("seq").asLong())
			.containsExactly(1L, 2L, 3L);
	}

	@Test
	void shouldServeTheHistoryWithTheSameBytesAsPublished() throws Exception {
		this.api.post("/api/labels", Api.label(this.camera, "a", 1, 1));
		this.api.post("/api/labels", Api.label(this.camera, "b", 2, 2));
		List<Received> published = this.queue.next(2, WAIT);

		Reply history = this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=0");
		Reply afterFirst = this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=1&limit=1");

		assertThat(history.status()).isEqualTo(200);
		assertThat(history.json().get("latestSeq").asLong()).isEqualTo(2);
		assertThat(history.response().body()).contains(published.get(0).body()).contains(published.get(1).body());
		assertThat(afterFirst.json().get("events")).hasSize(1);
		assertThat(afterFirst.json().get("events").get(0).get("seq").asLong()).isEqualTo(2);
	}

	@Test
	void shouldPublishNothingForARolledBackChange() throws Exception {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			this.labels.create(new LabelRequest(this.camera, "never committed", null, 1, 1, null, null, null), null);
			status.setRollbackOnly();
		});
		this.api.post("/api/labels", Api.label(this.camera, "committed", 1, 1));

		Received only = this.queue.next(WAIT);

		JsonNode event = this.json.readTree(only.body());
		assertThat(event.get("label").get("name").asString()).isEqualTo("committed");
		assertThat(event.get("seq").asLong()).as("the rolled-back change used no seq").isEqualTo(1);
		assertThat(this.api.get("/api/labels?cameraId=" + this.camera).json().get("totalElements").asLong())
			.isEqualTo(1);
		assertThat(this.queue.drain()).isEmpty();
	}

	@Test
	void shouldGiveConcurrentCreatesOnOneCameraGapFreeSeqInCommitOrder() throws Exception {
		int creates = 50;
		ExecutorService clients = Executors.newFixedThreadPool(16);
		List<Callable<Integer>> posts = new ArrayList<>();
		for (int i = 0; i < creates; i++) {
			String body = Api.label(this.camera, "concurrent " + i, i, i);
			posts.add(() -> this.api.post("/api/labels", body).status());
		}
		try {
			for (Future<Integer> status : clients.invokeAll(posts)) {
				assertThat(status.get()).isEqualTo(201);
			}
		}
		finally {
			clients.shutdown();
		}

		List<Received> messages = this.queue.next(creates, WAIT);
		JsonNode history = this.api.get("/api/cameras/" + this.camera + "/events?limit=100").json();

		List<Long> expected = LongStream.rangeClosed(1, creates).boxed().toList();
		assertThat(messages).extracting((message) -> this.json.readTree(message.body()).get("seq").asLong())
			.containsExactlyElementsOf(expected);
		assertThat(history.get("events").valueStream().map((event) -> event.get("seq").asLong()).toList())
			.containsExactlyElementsOf(expected);
		assertThat(messages).extracting((message) -> this.json.readTree(message.body()).get("label").get("id"))
			.doesNotHaveDuplicates();
	}

	@Test
	void shouldNotPublishOtherCamerasEventsToThisCamerasBinding() throws Exception {
		String other = freshCamera();
		this.api.post("/api/labels", Api.label(other, "elsewhere", 1, 1));
		this.api.post("/api/labels", Api.label(this.camera, "here", 1, 1));

		Received received = this.queue.next(WAIT);

		assertThat(received.routingKey()).isEqualTo("camera." + this.camera + ".created");
		assertThat(this.queue.drain()).isEmpty();
	}

	@Test
	void shouldAnswerAnEmptyHistoryForACameraWithoutEvents() {
		JsonNode page = this.api.get("/api/cameras/" + UUID.randomUUID().toString().substring(0, 8) + "/events").json();

		assertThat(page.get("latestSeq").asLong()).isZero();
		assertThat(page.get("events")).isEmpty();
	}

}
