package com.labelpush.labelapi.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import com.labelpush.events.CameraId;
import com.labelpush.labelapi.LabelApiApplication;
import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.CameraQueue;
import com.labelpush.labelapi.support.CameraQueue.Received;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two label-api replicas on one database, each taking writes and each running its relay:
 * every camera's events still reach the broker once each, in seq order. The safety poll
 * is an hour apart, so every event must go out because a commit woke a relay, also when
 * the other replica's relay held the lock at that moment.
 */
class ConcurrentRelaysIntegrationTests {

	private static final String SCHEMA = "label_api_replicas";

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	@BeforeEach
	void startTwoReplicas() {
		for (int i = 0; i < 2; i++) {
			this.replicas.add(new SpringApplicationBuilder(LabelApiApplication.class).profiles("test")
				.run("--server.port=0", "--test.schema=" + SCHEMA, "--labels.outbox.batch-size=7",
						"--labels.outbox.poll-interval=1h"));
		}
	}

	@AfterEach
	void stopReplicas() {
		this.replicas.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void shouldPublishEachCameraInOrderWhileTwoRelaysCompete() throws Exception {
		List<CameraId> cameras = List.of(CameraId.of(freshCamera()), CameraId.of(freshCamera()),
				CameraId.of(freshCamera()), CameraId.of(freshCamera()));
		int perCamera = 60;
		List<Api> apis = this.replicas.stream()
			.map((context) -> new Api(((WebServerApplicationContext) context).getWebServer().getPort()))
			.toList();
		try (CameraQueue queue = CameraQueue.bind(cameras.toArray(CameraId[]::new))) {
			List<Callable<Integer>> writes = new ArrayList<>();
			for (int i = 0; i < perCamera; i++) {
				for (CameraId camera : cameras) {
					Api api = apis.get(writes.size() % apis.size());
					String body = Api.label(camera.value(), "label " + i, i, i);
					writes.add(() -> api.post("/api/labels", body).status());
				}
			}
			ExecutorService clients = Executors.newFixedThreadPool(8);
			try {
				for (Future<Integer> status : clients.invokeAll(writes)) {
					assertThat(status.get()).isEqualTo(201);
				}
			}
			finally {
				clients.shutdown();
			}

			List<Received> messages = queue.next(writes.size(), Duration.ofSeconds(30));

			Map<String, List<Long>> seqsByCamera = new HashMap<>();
			for (Received message : messages) {
				JsonNode event = this.json.readTree(message.body());
				seqsByCamera.computeIfAbsent(event.get("cameraId").asString(), (key) -> new ArrayList<>())
					.add(event.get("seq").asLong());
			}
			List<Long> expected = LongStream.rangeClosed(1, perCamera).boxed().toList();
			for (CameraId camera : cameras) {
				assertThat(seqsByCamera.get(camera.value())).as(camera.value()).containsExactlyElementsOf(expected);
			}
			assertThat(queue.drain()).isEmpty();
		}
		for (ConfigurableApplicationContext replica : this.replicas) {
			double published = replica.getBean(MeterRegistry.class).counter("labels.outbox.published").count();
			assertThat(published).as("each replica's relay published some of the events").isPositive();
		}
	}

}
