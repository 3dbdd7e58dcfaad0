package com.labelpush.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.support.EventPublisher;
import com.labelpush.gateway.support.RefusedHandshakes;
import com.labelpush.gateway.support.WsClient.Closed;
import com.labelpush.gateway.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One gateway instance against the local RabbitMQ, driven by real WebSocket clients. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "gateway.instance-id=single-test")
@ActiveProfiles("test")
class GatewayIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry metrics;

	private EventPublisher publisher;

	private String camera;

	@BeforeEach
	void setUp() throws Exception {
		this.publisher = new EventPublisher();
		this.camera = freshCamera();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.publisher.close();
	}

	@Test
	void shouldSayHelloThenPushEveryEventOfTheCameraByteForByte() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			JsonNode hello = client.nextJson(WAIT);
			// The binding is in place once hello arrives: events published now arrive.
			String first = this.publisher.publish(this.camera, 1);
			String second = this.publisher.publish(this.camera, 2);

			assertThat(hello.get("type").asString()).isEqualTo("hello");
			assertThat(hello.get("clientId").asString()).isEqualTo(this.camera);
			assertThat(hello.get("instance").asString()).isEqualTo("single-test");
			assertThat(hello.get("heartbeatSeconds").asInt()).isEqualTo(25);
			assertThat(hello.get("reconnect").get("minMs").asLong()).isEqualTo(1000);
			assertThat(hello.get("reconnect").get("maxMs").asLong()).isEqualTo(30000);
			assertThat(client.nextTexts(2, WAIT)).containsExactly(first, second);
		}
	}

	@Test
	void shouldDeliverAnEventTheRelayPublishedTwiceOnlyOnce() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);
			String first = this.publisher.publish(this.camera, 1);
			this.publisher.publishRaw("camera." + this.camera + ".created", first);
			String second = this.publisher.publish(this.camera, 2);

			assertThat(client.nextTexts(2, WAIT)).containsExactly(first, second);
			assertThat(client.drain()).isEmpty();
		}
	}

	@Test
	void shouldNeverPushAnotherCamerasEvents() throws Exception {
		String other = freshCamera();
		try (WsClient client = WsClient.connect(this.port, this.camera);
				WsClient otherClient = WsClient.connect(this.port, other)) {
			client.nextJson(WAIT);
			otherClient.nextJson(WAIT);

			this.publisher.publish(other, 1);
			String mine = this.publisher.publish(this.camera, 1);

			assertThat(client.nextText(WAIT)).isEqualTo(mine);
			assertThat(otherClient.nextJson(WAIT).get("cameraId").asString()).isEqualTo(other);
			assertThat(client.drain()).isEmpty();
		}
	}

	@Test
	void shouldCloseWith4400RightAfterTheUpgradeForAnInvalidClientId() throws Exception {
		double before = refused("invalid_client_id");
		double missingTokenBefore = refused("missing_token");

		for (String bad : List.of("cam.7", "cam*", "%23", "caméra", "x".repeat(65))) {
			// no token either: the clientId is refused first, and the token not looked at
			assertThat(WsClient.refusedByClose(this.port, "/ws/label/" + bad)).as(bad)
				.isEqualTo(new Closed(4400, "invalid clientId: " + CameraId.RULE));
		}

		assertThat(refused("invalid_client_id")).isEqualTo(before + 5);
		assertThat(refused("missing_token")).isEqualTo(missingTokenBefore);
	}

	@Test
	void shouldAnswerPingWithPongAndAnythingElseWithAnErrorFrame() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);

			client.sendText("{\"type\":\"ping\"}");
			JsonNode pong = client.nextJson(WAIT);
			client.sendText("{\"type\":\"subscribe\",\"camera\":\"other\"}");
			JsonNode unknown = client.nextJson(WAIT);
			client.sendText("not json");
			JsonNode malformed = client.nextJson(WAIT);
			client.sendText("{\"type\":\"ping\"}");
			JsonNode stillUsable = client.nextJson(WAIT);

			assertThat(pong.get("type").asString()).isEqualTo("pong");
			assertThat(unknown.get("type").asString()).isEqualTo("error");
			assertThat(unknown.get("message").asString()).contains("subscribe");
			assertThat(malformed.get("type").asString()).isEqualTo("error");
			assertThat(stillUsable.get("type").asString()).isEqualTo("pong");
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void shouldCloseWith1003OnABinaryFrame() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);

			client.sendBinary(new byte[] { 1, 2, 3 });

			assertThat(client.awaitCloseCode(WAIT)).isEqualTo(1003);
		}
	}

	@Test
	void shouldCloseWith1009OnAFrameOverTheLimit() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);

			client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(9000) + "\"}");

			assertThat(client.awaitCloseCode(WAIT)).isEqualTo(1009);
		}
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(this.metrics.counter("gateway.sessions.closed", "reason", "too_big").count())
						.isGreaterThanOrEqualTo(1));
	}

	@Test
	void shouldDropMessagesOutsideTheContractAndKeepDelivering() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);
			double rejectedBefore = rejected();

			this.publisher.publishRaw("camera." + this.camera + ".created", "{not json");
			this.publisher.publishRaw("camera." + this.camera + ".created",
					EventPublisher.eventJson(freshCamera(), 1, 0));
			this.publisher.publishRaw("camera." + this.camera + ".created", "{\"type\":\"label.created\"}");
			this.publisher.publishRaw("camera." + this.camera + ".renamed",
					EventPublisher.eventJson(this.camera, 1, 0));
			String valid = this.publisher.publish(this.camera, 1);

			assertThat(client.nextText(WAIT)).isEqualTo(valid);
			assertThat(rejected() - rejectedBefore).isEqualTo(4);
			assertThat(client.drain()).isEmpty();
		}
	}

	@Test
	void shouldDeliverInOrderToEverySessionOfACameraWithManySessions() throws Exception {
		// a camera's sessions are spread over the fan-out lanes
		List<WsClient> clients = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 100; i++) {
				WsClient client = WsClient.connect(this.port, this.camera);
				client.nextJson(WAIT);
				clients.add(client);
			}
			List<String> published = new java.util.ArrayList<>();
			for (int seq = 1; seq <= 200; seq++) {
				published.add(this.publisher.publish(this.camera, seq));
			}

			for (WsClient client : clients) {
				assertThat(client.nextTexts(200, WAIT)).containsExactlyElementsOf(published);
			}
		}
		finally {
			clients.forEach(WsClient::close);
		}
	}

	@Test
	void shouldExposeGatewayMetrics() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);
			this.publisher.publish(this.camera, 1);
			client.nextText(WAIT);

			String scrape = new String(java.net.URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus")
				.toURL()
				.openStream()
				.readAllBytes(), StandardCharsets.UTF_8);

			assertThat(scrape).contains("gateway_sessions_open", "gateway_cameras_bound",
					"gateway_events_received_total", "gateway_frames_delivered_total",
					"gateway_delivery_lag_seconds_bucket");
			assertThat(scrape).containsPattern("gateway_sessions_open\\{[^}]*\\} [1-9]");
		}
	}

	@Test
	void shouldBeReadyWhenTheBrokerAnswers() throws Exception {
		String readiness = new String(
				java.net.URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness")
					.toURL()
					.openStream()
					.readAllBytes(),
				StandardCharsets.UTF_8);

		// the status only: the probe is public, behind the load balancer
		assertThat(readiness).isEqualTo("{\"status\":\"UP\"}");
	}

	private double refused(String reason) {
		return RefusedHandshakes.count(this.metrics, reason);
	}

	private double rejected() {
		return this.metrics.find("gateway.events.rejected").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

}
