package com.labelpush.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import com.labelpush.client.LabelFeedClient;
import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.gateway.support.GatewayProcess;
import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.LabelApiProcess;
import com.labelpush.gateway.support.TestTokens;
import com.labelpush.gateway.support.WsClient;
import com.labelpush.testsupport.TcpProxy;
import com.labelpush.testsupport.TestServices;
import com.labelpush.testsupport.TestServices.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume with {@code since} against a real label-api: labels created through its REST
 * API, events through the outbox and RabbitMQ, missed ones from its history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ResumeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final LabelApiProcess api = startLabelApi();

	@LocalServerPort
	int port;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	Queue gatewayQueue;

	@Autowired
	GatewayProperties gateway;

	// the gateway reaches the broker through a path the tests break
	private static final TcpProxy brokerPath = TestServices.rabbitmqPath();

	@DynamicPropertySource
	static void gatewaySettings(DynamicPropertyRegistry registry) {
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		registry.add("spring.rabbitmq.port", brokerPath::port);
		registry.add("gateway.history.base-url", api::baseUrl);
		registry.add("gateway.history.api-key", () -> LabelApiProcess.GATEWAY_KEY);
		// client tokens verified with the key set label-api publishes
		registry.add("gateway.client-tokens.public-key", () -> "");
	}

	@AfterAll
	static void stopLabelApi() throws Exception {
		api.close();
		brokerPath.close();
	}

	// As a desktop client's back end does: a fresh token from label-api per connection.
	private static Supplier<String> tokensFrom(LabelApiProcess api, String camera) {
		return () -> {
			try {
				return api.clientToken(camera, Duration.ofMinutes(10));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	@Test
	void shouldGiveANewClientTheLatestSeqInHello() throws Exception {
		String camera = freshCamera();
		api.createLabel(camera, "before");
		api.createLabel(camera, "before too");

		try (WsClient client = WsClient.connect(this.port, camera)) {
			JsonNode hello = client.nextJson(WAIT);

			assertThat(hello.get("latestSeq").asLong()).isEqualTo(2);
			assertThat(hello.has("recovered")).isFalse();
			api.createLabel(camera, "after");
			assertThat(seqs(client.nextTexts(1, WAIT))).containsExactly(3L);
		}
	}

	@Test
	void shouldResumeWithEveryMissedEventInOrderThenLiveOnes() throws Exception {
		String camera = freshCamera();
		long lastSeen;
		try (WsClient witness = WsClient.connect(this.port, camera)) {
			witness.nextJson(WAIT);
			try (WsClient first = WsClient.connect(this.port, camera)) {
				first.nextJson(WAIT);
				api.createLabel(camera, "seen");
				lastSeen = json.readTree(first.nextText(WAIT)).get("seq").asLong();
			}
			for (int i = 0; i < 5; i++) {
				api.createLabel(camera, "missed " + i);
			}
			witness.nextText(WAIT);
			List<String> seenLive = witness.nextTexts(5, WAIT);

			try (WsClient resumed = WsClient.connect(this.port, camera + "?since=" + lastSeen)) {
				resumed.nextJson(WAIT);
				// from history, byte for byte what a connected client got live
				assertThat(resumed.nextTexts(5, WAIT)).containsExactlyElementsOf(seenLive);
			}
		}

		try (WsClient resumed = WsClient.connect(this.port, camera + "?since=" + lastSeen)) {
			JsonNode hello = resumed.nextJson(WAIT);
			List<String> missed = resumed.nextTexts(5, WAIT);
			api.createLabel(camera, "live");
			List<String> live = resumed.nextTexts(1, WAIT);

			assertThat(hello.get("recovered").asBoolean()).isTrue();
			assertThat(hello.get("latestSeq").asLong()).isEqualTo(6);
			assertThat(seqs(missed)).containsExactly(2L, 3L, 4L, 5L, 6L);
			assertThat(json.readTree(missed.get(0)).get("label").get("name").asString()).isEqualTo("missed 0");
			assertThat(seqs(live)).containsExactly(7L);
			assertThat(resumed.drain()).isEmpty();
		}
	}

	@Test
	void shouldTellAClientAheadOfTheHistoryToReload() throws Exception {
		String camera = freshCamera();
		api.createLabel(camera, "only");

		try (WsClient client = WsClient.connect(this.port, camera + "?since=40")) {
			JsonNode hello = client.nextJson(WAIT);
			JsonNode resync = client.nextJson(WAIT);

			assertThat(hello.get("recovered").asBoolean()).isFalse();
			assertThat(hello.get("latestSeq").asLong()).isEqualTo(1);
			assertThat(resync.get("type").asString()).isEqualTo("resync");
			assertThat(resync.get("cameraId").asString()).isEqualTo(camera);
			assertThat(resync.get("reason").asString()).contains("ahead");
		}
	}

	@Test
	void shouldTellAClientWhoseMissedEventsWerePrunedToReload() throws Exception {
		String camera = freshCamera();
		for (int i = 0; i < 3; i++) {
			api.createLabel(camera, "old " + i);
		}
		pruneHistoryOf(camera);

		try (WsClient client = WsClient.connect(this.port, camera + "?since=1")) {
			JsonNode hello = client.nextJson(WAIT);
			JsonNode resync = client.nextJson(WAIT);
			api.createLabel(camera, "after the resync");
			JsonNode live = client.nextJson(WAIT);

			assertThat(hello.get("recovered").asBoolean()).isFalse();
			assertThat(resync.get("type").asString()).isEqualTo("resync");
			assertThat(resync.get("reason").asString()).contains("no longer kept");
			assertThat(live.get("seq").asLong()).isEqualTo(4);
		}
	}

	@Test
	void shouldTellTheClientToReloadWhenTheHistoryIsUnreachable() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("no-history-" + freshCamera(),
				"gateway.history.base-url=http://127.0.0.1:9", "gateway.history.attempts=2");
		String camera = freshCamera();
		try (WsClient client = WsClient.connect(Gateways.port(gateway), camera + "?since=3")) {
			JsonNode hello = client.nextJson(WAIT);
			JsonNode resync = client.nextJson(WAIT);

			assertThat(hello.get("recovered").asBoolean()).isFalse();
			assertThat(hello.has("latestSeq")).isFalse();
			assertThat(resync.get("type").asString()).isEqualTo("resync");
			assertThat(resync.get("reason").asString()).contains("unavailable");
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldReadTheHistoryOnlyWithTheGatewaysOwnCredential() throws Exception {
		String camera = freshCamera();
		api.createLabel(camera, "missed");
		ConfigurableApplicationContext anonymous = Gateways.start("no-key-" + camera,
				"gateway.history.base-url=" + api.baseUrl(), "gateway.history.attempts=1");
		try (WsClient withKey = WsClient.connect(this.port, camera + "?since=0");
				WsClient withoutKey = WsClient.connect(Gateways.port(anonymous), camera + "?since=0")) {
			assertThat(withKey.nextJson(WAIT).get("recovered").asBoolean()).isTrue();
			assertThat(withKey.nextJson(WAIT).get("seq").asLong()).isEqualTo(1);

			// label-api refuses the history to a keyless gateway: never a silent gap
			assertThat(withoutKey.nextJson(WAIT).get("recovered").asBoolean()).isFalse();
			assertThat(withoutKey.nextJson(WAIT).get("type").asString()).isEqualTo("resync");
		}
		finally {
			anonymous.close();
		}
	}

	@Test
	void shouldRepairAGapBeforeDeliveringLaterEvents() throws Exception {
		String camera = freshCamera();
		try (WsClient client = WsClient.connect(this.port, camera)) {
			client.nextJson(WAIT);
			api.createLabel(camera, "one");
			assertThat(seqs(client.nextTexts(1, WAIT))).containsExactly(1L);

			withheldFromThisGateway(camera, () -> {
				api.createLabel(camera, "two");
				api.createLabel(camera, "three");
			});
			api.createLabel(camera, "four");

			List<String> frames = client.nextTexts(3, WAIT);
			assertThat(seqs(frames)).containsExactly(2L, 3L, 4L);
			assertThat(json.readTree(frames.get(0)).get("label").get("name").asString()).isEqualTo("two");
			assertThat(client.drain()).isEmpty();
		}
	}

	@Test
	void shouldCatchUpFromHistoryAfterTheBrokerDropsTheConnection() throws Exception {
		String camera = freshCamera();
		try (WsClient client = WsClient.connect(this.port, camera)) {
			client.nextJson(WAIT);
			api.createLabel(camera, "one");
			assertThat(seqs(client.nextTexts(1, WAIT))).containsExactly(1L);
			withheldFromThisGateway(camera, () -> {
				api.createLabel(camera, "two");
				api.createLabel(camera, "three");
			});

			// no new event follows: only the catch-up after the reconnect can bring them
			assertThat(brokerPath.drop()).as("the gateway's one broker connection").isEqualTo(1);

			assertThat(seqs(client.nextTexts(2, WAIT))).containsExactly(2L, 3L);
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void shouldLoseNothingWhenTheBrokerDropsTheConnectionMidStream() throws Exception {
		String camera = freshCamera();
		int total = 60;
		List<WsClient> clients = new java.util.ArrayList<>();
		ExecutorService admin = Executors.newSingleThreadExecutor();
		try {
			for (int i = 0; i < 3; i++) {
				WsClient client = WsClient.connect(this.port, camera);
				client.nextJson(WAIT);
				clients.add(client);
			}
			AtomicInteger created = new AtomicInteger();
			Future<?> writes = admin.submit(() -> {
				for (int i = 1; i <= total; i++) {
					api.createLabel(camera, "stream " + i);
					created.incrementAndGet();
				}
				return null;
			});
			// mid-stream: some events delivered, more to come
			await().atMost(WAIT).until(() -> created.get() >= total / 4);
			assertThat(brokerPath.drop()).as("the gateway's one broker connection").isEqualTo(1);
			writes.get();

			for (WsClient client : clients) {
				List<Long> seqs = seqs(client.nextTexts(total, Duration.ofSeconds(30)));
				assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
				assertThat(client.drain()).isEmpty();
			}
		}
		finally {
			clients.forEach(WsClient::close);
			admin.shutdownNow();
		}
	}

	@Test
	void shouldLoseNothingWhenTheClientsGatewayIsKilled() throws Exception {
		String camera = freshCamera();
		List<Long> applied = new CopyOnWriteArrayList<>();
		AtomicInteger reloads = new AtomicInteger();
		try (GatewayProcess doomed = GatewayProcess.start("doomed-" + camera, api.gatewaySettings());
				GatewayProcess survivor = GatewayProcess.start("survivor-" + camera, api.gatewaySettings());
				LabelFeedClient client = new LabelFeedClient(
						List.of(URI.create("ws://127.0.0.1:" + doomed.port()),
								URI.create("ws://127.0.0.1:" + survivor.port())),
						CameraId.of(camera), tokensFrom(api, camera), new LabelFeedClient.Listener() {

							@Override
							public void reload() {
								reloads.incrementAndGet();
							}

							@Override
							public void apply(LabelEvent event) {
								applied.add(event.seq());
							}

						})) {
			await().atMost(WAIT).until(() -> reloads.get() == 1);
			for (int i = 0; i < 10; i++) {
				api.createLabel(camera, "before " + i);
			}
			await().atMost(WAIT).until(() -> applied.size() >= 3);

			doomed.kill();
			for (int i = 0; i < 10; i++) {
				api.createLabel(camera, "after " + i);
			}

			await().atMost(Duration.ofSeconds(30)).until(() -> client.lastSeq() == 20);
			assertThat(applied).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
			assertThat(reloads.get()).as("resumed, not reloaded").isEqualTo(1);
		}
	}

	@Test
	void shouldReconnectAReferenceClientWhoseLinkWentSilent() throws Exception {
		String camera = freshCamera();
		ConfigurableApplicationContext gateway = Gateways.start("heartbeat-" + camera, "gateway.heartbeat=1s",
				"gateway.heartbeat-timeout=3s", "gateway.history.base-url=" + api.baseUrl(),
				"gateway.history.api-key=" + LabelApiProcess.GATEWAY_KEY);
		int port = Gateways.port(gateway);
		List<Long> applied = new CopyOnWriteArrayList<>();
		AtomicInteger reloads = new AtomicInteger();
		AtomicInteger disconnects = new AtomicInteger();
		try (TcpProxy path = new TcpProxy("127.0.0.1", port);
				LabelFeedClient client = new LabelFeedClient(
						List.of(URI.create("ws://127.0.0.1:" + path.port()), URI.create("ws://127.0.0.1:" + port)),
						CameraId.of(camera), tokensFrom(api, camera), new LabelFeedClient.Listener() {

							@Override
							public void reload() {
								reloads.incrementAndGet();
							}

							@Override
							public void apply(LabelEvent event) {
								applied.add(event.seq());
							}

							@Override
							public void onDisconnected(long reconnectInMillis) {
								disconnects.incrementAndGet();
							}

						})) {
			// after hello (the fresh start's reload), so the event is not in the snapshot
			await().atMost(WAIT).until(() -> reloads.get() == 1);
			api.createLabel(camera, "through the proxy");
			await().atMost(WAIT).until(() -> applied.size() == 1);

			path.freeze();
			api.createLabel(camera, "while the link is dead");

			// no close arrives on a dead link: only the missed heartbeats can tell
			await().atMost(WAIT).until(() -> disconnects.get() >= 1 && applied.size() == 2);
			assertThat(applied).containsExactly(1L, 2L);
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldCloseWith4400ASinceThatIsNotASeq() throws Exception {
		for (String since : List.of("-1", "abc")) {
			String camera = freshCamera();
			assertThat(WsClient.refusedByClose(this.port,
					"/ws/label/" + camera + "?since=" + since + "&token=" + TestTokens.forCamera(camera)))
				.as(since)
				.isEqualTo(new WsClient.Closed(4400, "invalid since: the last seq received, a non-negative integer"));
		}
	}

	// Events published while the camera's binding is gone never reach this gateway, as
	// when a message is lost on the way.
	private void withheldFromThisGateway(String camera, ThrowingRunnable publish) throws Exception {
		Binding binding = new Binding(this.gatewayQueue.getName(), Binding.DestinationType.QUEUE,
				LabelEventsTopology.EXCHANGE, LabelEventsTopology.bindingPattern(CameraId.of(camera)), null);
		this.admin.removeBinding(binding);
		try {
			publish.run();
			awaitOutboxEmpty();
		}
		finally {
			this.admin.declareBinding(binding);
		}
	}

	private static void awaitOutboxEmpty() {
		await().atMost(WAIT).until(() -> {
			try (Connection connection = database();
					PreparedStatement count = connection
						.prepareStatement("SELECT count(*) FROM " + LabelApiProcess.SCHEMA + ".outbox");
					ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1) == 0;
			}
		});
	}

	// label-api's database, where the tests read and change its tables as its own jobs do
	private static Connection database() throws SQLException {
		Endpoint database = TestServices.postgres();
		return DriverManager.getConnection(database.jdbcUrl(LabelApiProcess.SCHEMA), database.username(),
				database.password());
	}

	interface ThrowingRunnable {

		void run() throws Exception;

	}

	private static List<Long> seqs(List<String> frames) {
		return frames.stream().map((frame) -> json.readTree(frame).get("seq").asLong()).toList();
	}

	// What label-api's retention job does once events are old enough (it only ever
	// removes published ones, oldest first); done here directly so the test need not
	// wait a day.
	private static void pruneHistoryOf(String camera) throws Exception {
		try (Connection connection = database();
				PreparedStatement delete = connection.prepareStatement("DELETE FROM " + LabelApiProcess.SCHEMA
						+ ".label_event e WHERE camera_id = ? AND NOT EXISTS (SELECT 1 FROM " + LabelApiProcess.SCHEMA
						+ ".outbox o WHERE o.position = e.position)")) {
			delete.setString(1, camera);
			assertThat(delete.executeUpdate()).isPositive();
		}
	}

	private static LabelApiProcess startLabelApi() {
		try {
			return LabelApiProcess.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
