package com.labelpush.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.labelpush.client.LabelFeedClient;
import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.gateway.session.CameraSessions;
import com.labelpush.gateway.support.EventPublisher;
import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.HistoryStandIn;
import com.labelpush.gateway.support.TestTokens;
import com.labelpush.gateway.support.WsClient;
import com.labelpush.testsupport.TcpProxy;
import com.labelpush.testsupport.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * Resume with {@code since}: events kept in a stand-in for label-api's history and
 * published to the real RabbitMQ, as label-api's outbox does; missed ones from the
 * history. (With the real label-api, killed gateways and restarts: system-tests.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ResumeIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HistoryStandIn history = HistoryStandIn.start();

	// the gateway reaches the broker through a path the tests break
	private static final TcpProxy brokerPath = TestServices.rabbitmqPath();

	private static final Map<String, AtomicLong> latestSeqs = new ConcurrentHashMap<>();

	@LocalServerPort
	int port;

	@Autowired
	CameraSessions sessions;

	private EventPublisher publisher;

	@DynamicPropertySource
	static void gatewaySettings(DynamicPropertyRegistry registry) {
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		registry.add("spring.rabbitmq.port", brokerPath::port);
		registry.add("gateway.history.base-url", history::baseUrl);
		registry.add("gateway.history.api-key", () -> HistoryStandIn.GATEWAY_KEY);
	}

	@BeforeEach
	void openPublisher() throws Exception {
		this.publisher = new EventPublisher();
	}

	@AfterEach
	void closePublisher() throws Exception {
		this.publisher.close();
	}

	@AfterAll
	static void stopStandIns() throws Exception {
		history.close();
		brokerPath.close();
	}

	@Test
	void shouldGiveANewClientTheLatestSeqInHello() throws Exception {
		String camera = freshCamera();
		change(camera);
		change(camera);

		try (WsClient client = WsClient.connect(this.port, camera)) {
			JsonNode hello = client.nextJson(WAIT);

			assertThat(hello.get("latestSeq").asLong()).isEqualTo(2);
			assertThat(hello.has("recovered")).isFalse();
			change(camera);
			assertThat(seqs(client.nextTexts(1, WAIT))).containsExactly(3L);
		}
	}

	@Test
	void shouldGiveAResumeOfAFollowedCameraItsMissedEventsWithoutReadingTheHistory() throws Exception {
		String camera = freshCamera();
		change(camera);
		try (WsClient first = WsClient.connect(this.port, camera)) {
			assertThat(first.nextJson(WAIT).get("latestSeq").asLong()).isEqualTo(1);
			change(camera);
			change(camera);
			assertThat(seqs(first.nextTexts(2, WAIT))).containsExactly(2L, 3L);

			try (WsClient second = WsClient.connect(this.port, camera);
					WsClient resumed = WsClient.connect(this.port, camera + "?since=3")) {
				assertThat(second.nextJson(WAIT).get("latestSeq").asLong()).isEqualTo(3);
				JsonNode hello = resumed.nextJson(WAIT);
				assertThat(hello.get("recovered").asBoolean()).isTrue();
				assertThat(hello.get("latestSeq").asLong()).isEqualTo(3);
				change(camera);
				assertThat(seqs(second.nextTexts(1, WAIT))).containsExactly(4L);
				assertThat(seqs(resumed.nextTexts(1, WAIT))).containsExactly(4L);
				assertThat(resumed.drain()).isEmpty();
			}
		}
		assertThat(history.eventReadsFor(camera)).as("history reads: every call asked latest seqs only").isZero();
	}

	@Test
	void shouldNotTrustItsLatestSeqAfterAGapUntilTheHistoryAnswers() throws Exception {
		String camera = freshCamera();
		try (WsClient first = WsClient.connect(this.port, camera)) {
			assertThat(first.nextJson(WAIT).get("latestSeq").asLong()).isZero();
			change(camera);
			lostOnTheWay(camera);
			change(camera);
			// the gap is repaired from the history, whose answer is the latest seq again
			assertThat(seqs(first.nextTexts(3, WAIT))).containsExactly(1L, 2L, 3L);

			try (WsClient second = WsClient.connect(this.port, camera)) {
				assertThat(second.nextJson(WAIT).get("latestSeq").asLong()).isEqualTo(3);
			}
		}
		assertThat(history.eventReadsFor(camera)).as("history reads: the repair").isOne();
	}

	@Test
	void shouldAskTheLatestSeqAtMostTwiceForConcurrentFirstSessionsOfACamera() throws Exception {
		String camera = freshCamera();
		change(camera);
		change(camera);

		List<JsonNode> hellos = helloOfSessionsOpenedWhileAnswersAreHeld(
				List.of(camera, camera, camera, camera, camera));

		assertThat(hellos).allSatisfy((hello) -> {
			assertThat(hello.get("latestSeq").asLong()).isEqualTo(2);
			assertThat(hello.has("recovered")).isFalse();
		});
		// one on its way when the others came (its answer may be older than their
		// sessions), one for all of those
		assertThat(history.requestsFor(camera)).as("history calls").isEqualTo(2);
	}

	@Test
	void shouldAskTheLatestSeqsOfManyCamerasInFewCalls() throws Exception {
		List<String> cameras = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String camera = freshCamera();
			for (int seq = 0; seq < i; seq++) {
				change(camera);
			}
			cameras.add(camera);
		}
		int callsBefore = history.calls();

		List<JsonNode> hellos = helloOfSessionsOpenedWhileAnswersAreHeld(cameras);

		for (int i = 0; i < cameras.size(); i++) {
			assertThat(hellos.get(i).get("latestSeq").asLong()).as(cameras.get(i)).isEqualTo(i);
			assertThat(history.requestsFor(cameras.get(i))).as("calls asking for " + cameras.get(i)).isOne();
		}
		// two calls at a time: the first two cameras alone, the other eight together
		assertThat(history.calls() - callsBefore).as("history calls").isEqualTo(3);
	}

	@Test
	void shouldReadTheHistoryOnceForConcurrentResumesFromOneSeq() throws Exception {
		String camera = freshCamera();
		change(camera);
		change(camera);

		List<JsonNode> hellos = helloOfSessionsOpenedWhileAnswersAreHeld(
				List.of(camera + "?since=1", camera + "?since=1", camera + "?since=1", camera + "?since=1"));

		assertThat(hellos).allSatisfy((hello) -> {
			assertThat(hello.get("latestSeq").asLong()).isEqualTo(2);
			assertThat(hello.get("recovered").asBoolean()).isTrue();
		});
		assertThat(history.requestsFor(camera)).as("history calls").isOne();
	}

	@Test
	void shouldNotGiveALateResumeAnAnswerOlderThanAnEventItMissed() throws Exception {
		String camera = freshCamera();
		change(camera);
		change(camera);
		try (WsClient follower = WsClient.connect(this.port, camera)) {
			assertThat(follower.nextJson(WAIT).get("latestSeq").asLong()).isEqualTo(2);
			history.holdAnswers();
			try (WsClient early = WsClient.connect(this.port, camera + "?since=1")) {
				// its call is read now: events up to 2
				await().atMost(WAIT).until(() -> history.requestsFor(camera) == 2);
				change(camera);
				assertThat(seqs(follower.nextTexts(1, WAIT))).containsExactly(3L);
				// seq 3 reached the gateway before this session existed
				try (WsClient late = WsClient.connect(this.port, camera + "?since=1")) {
					awaitSessionsOf(Set.of(CameraId.of(camera)), 3);
					history.answerAgain();

					early.nextJson(WAIT);
					assertThat(seqs(early.nextTexts(2, WAIT))).containsExactly(2L, 3L);
					late.nextJson(WAIT);
					assertThat(seqs(late.nextTexts(2, WAIT))).as("from a second call").containsExactly(2L, 3L);
				}
			}
			finally {
				history.answerAgain();
			}
		}
		assertThat(history.requestsFor(camera)).as("history calls: hello, the early resume, the late one").isEqualTo(3);
	}

	// Opens a session per path while the history holds its answers, then lets it answer.
	private List<JsonNode> helloOfSessionsOpenedWhileAnswersAreHeld(List<String> paths) throws Exception {
		List<WsClient> clients = new ArrayList<>();
		history.holdAnswers();
		try {
			for (String path : paths) {
				clients.add(WsClient.connect(this.port, path));
			}
			Set<CameraId> cameras = paths.stream()
				.map((path) -> CameraId.of(path.replaceAll("\\?.*", "")))
				.collect(Collectors.toSet());
			awaitSessionsOf(cameras, paths.size());
			history.answerAgain();

			List<JsonNode> hellos = new ArrayList<>();
			for (WsClient client : clients) {
				hellos.add(client.nextJson(WAIT));
			}
			return hellos;
		}
		finally {
			history.answerAgain();
			clients.forEach(WsClient::close);
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
				change(camera);
				lastSeen = json.readTree(first.nextText(WAIT)).get("seq").asLong();
			}
			List<String> missed = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				missed.add(change(camera));
			}
			witness.nextText(WAIT);
			List<String> seenLive = witness.nextTexts(5, WAIT);
			assertThat(seenLive).containsExactlyElementsOf(missed);

			try (WsClient resumed = WsClient.connect(this.port, camera + "?since=" + lastSeen)) {
				resumed.nextJson(WAIT);
				// from the stream the gateway follows (the witness keeps the camera
				// bound), byte for byte what a connected client got live
				assertThat(resumed.nextTexts(5, WAIT)).containsExactlyElementsOf(seenLive);
				assertThat(history.eventReadsFor(camera)).as("history reads").isZero();
			}
		}

		try (WsClient resumed = WsClient.connect(this.port, camera + "?since=" + lastSeen)) {
			JsonNode hello = resumed.nextJson(WAIT);
			List<String> missed = resumed.nextTexts(5, WAIT);
			change(camera);
			List<String> live = resumed.nextTexts(1, WAIT);

			assertThat(hello.get("recovered").asBoolean()).isTrue();
			assertThat(hello.get("latestSeq").asLong()).isEqualTo(6);
			assertThat(seqs(missed)).containsExactly(2L, 3L, 4L, 5L, 6L);
			assertThat(seqs(live)).containsExactly(7L);
			assertThat(resumed.drain()).isEmpty();
		}
	}

	@Test
	void shouldTellAResumeToReloadWhenTheHistoryWasResetThoughItFollowsTheCamera() throws Exception {
		String camera = freshCamera();
		try (WsClient follower = WsClient.connect(this.port, camera)) {
			follower.nextJson(WAIT);
			change(camera);
			assertThat(seqs(follower.nextTexts(1, WAIT))).containsExactly(1L);

			// label-api's history starts again: seq 1 is no longer what the client has
			history.reset(camera);
			latestSeqs.remove(camera);
			try (WsClient client = WsClient.connect(this.port, camera + "?since=1")) {
				JsonNode hello = client.nextJson(WAIT);
				JsonNode resync = client.nextJson(WAIT);

				assertThat(hello.get("recovered").asBoolean()).isFalse();
				assertThat(resync.get("type").asString()).isEqualTo("resync");
				assertThat(resync.get("reason").asString()).contains("ahead");
			}
		}
	}

	@Test
	void shouldTellAClientAheadOfTheHistoryToReload() throws Exception {
		String camera = freshCamera();
		change(camera);

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
			change(camera);
		}
		history.prune(camera);

		try (WsClient client = WsClient.connect(this.port, camera + "?since=1")) {
			JsonNode hello = client.nextJson(WAIT);
			JsonNode resync = client.nextJson(WAIT);
			change(camera);
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
		change(camera);
		ConfigurableApplicationContext anonymous = Gateways.start("no-key-" + camera,
				"gateway.history.base-url=" + history.baseUrl(), "gateway.history.attempts=1");
		try (WsClient withKey = WsClient.connect(this.port, camera + "?since=0");
				WsClient withoutKey = WsClient.connect(Gateways.port(anonymous), camera + "?since=0")) {
			assertThat(withKey.nextJson(WAIT).get("recovered").asBoolean()).isTrue();
			assertThat(withKey.nextJson(WAIT).get("seq").asLong()).isEqualTo(1);

			// the history is refused to a keyless gateway: never a silent gap
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
			change(camera);
			assertThat(seqs(client.nextTexts(1, WAIT))).containsExactly(1L);

			String two = lostOnTheWay(camera);
			lostOnTheWay(camera);
			change(camera);

			List<String> frames = client.nextTexts(3, WAIT);
			assertThat(seqs(frames)).containsExactly(2L, 3L, 4L);
			assertThat(frames.get(0)).isEqualTo(two);
			assertThat(client.drain()).isEmpty();
		}
	}

	@Test
	void shouldCatchUpFromHistoryAfterTheBrokerDropsTheConnection() throws Exception {
		String camera = freshCamera();
		try (WsClient client = WsClient.connect(this.port, camera)) {
			client.nextJson(WAIT);
			change(camera);
			assertThat(seqs(client.nextTexts(1, WAIT))).containsExactly(1L);
			lostOnTheWay(camera);
			lostOnTheWay(camera);

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
		List<WsClient> clients = new ArrayList<>();
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
					change(camera);
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
	void shouldReconnectAReferenceClientWhoseLinkWentSilent() throws Exception {
		String camera = freshCamera();
		ConfigurableApplicationContext gateway = Gateways.start("heartbeat-" + camera,
				concat(history.gatewaySettings(), "gateway.heartbeat=1s", "gateway.heartbeat-timeout=3s"));
		int port = Gateways.port(gateway);
		List<Long> applied = new CopyOnWriteArrayList<>();
		AtomicInteger reloads = new AtomicInteger();
		AtomicInteger disconnects = new AtomicInteger();
		try (TcpProxy path = new TcpProxy("127.0.0.1", port);
				LabelFeedClient client = new LabelFeedClient(
						List.of(URI.create("ws://127.0.0.1:" + path.port()), URI.create("ws://127.0.0.1:" + port)),
						CameraId.of(camera), () -> TestTokens.forCamera(camera), new LabelFeedClient.Listener() {

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
			change(camera);
			await().atMost(WAIT).until(() -> applied.size() == 1);

			path.freeze();
			change(camera);

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

	// A label change as label-api makes it: kept in the history, then published.
	private String change(String camera) throws Exception {
		String event = lostOnTheWay(camera);
		this.publisher.publishRaw(LabelEventsTopology.routingKey(CameraId.of(camera), EventType.CREATED), event);
		return event;
	}

	// Until the gateway has registered (and begun opening) that many of their sessions.
	private void awaitSessionsOf(Set<CameraId> cameras, int count) {
		await().atMost(WAIT)
			.until(() -> this.sessions.all()
				.stream()
				.filter((session) -> cameras.contains(session.camera()))
				.count() == count);
	}

	// A change kept in the history whose message never reaches the gateway, as when a
	// message is lost on the way.
	private static String lostOnTheWay(String camera) {
		long seq = latestSeqs.computeIfAbsent(camera, (key) -> new AtomicLong()).incrementAndGet();
		String event = EventPublisher.eventJson(camera, seq, 0);
		history.keep(camera, seq, event);
		return event;
	}

	private static String[] concat(String[] settings, String... more) {
		return Stream.concat(Stream.of(settings), Stream.of(more)).toArray(String[]::new);
	}

	private static List<Long> seqs(List<String> frames) {
		return frames.stream().map((frame) -> json.readTree(frame).get("seq").asLong()).toList();
	}

}
