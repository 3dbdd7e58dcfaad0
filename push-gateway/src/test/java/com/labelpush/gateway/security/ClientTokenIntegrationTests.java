package com.labelpush.gateway.security;

import java.time.Duration;
import java.time.Instant;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.CameraBindings;
import com.labelpush.gateway.session.CameraSessions;
import com.labelpush.gateway.support.EventPublisher;
import com.labelpush.gateway.support.RefusedHandshakes;
import com.labelpush.gateway.support.TestTokens;
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

/**
 * Only a valid token for the camera in the path opens it, and a client can read why not
 * from the close code (4401: get a new token; 4403: stop); a session lives as long as its
 * token, or longer when the client sends a fresh one in-band.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "gateway.instance-id=token-test", "gateway.allowed-origins=http://admin.example" })
@ActiveProfiles("test")
class ClientTokenIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry metrics;

	@Autowired
	CameraBindings bindings;

	@Autowired
	CameraSessions sessions;

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
	void shouldCloseWith4401AfterTheUpgradeWhenThereIsNoToken() throws Exception {
		double before = refused("missing_token");

		Closed closed = WsClient.refusedByClose(this.port, "/ws/label/" + this.camera);

		assertThat(closed).isEqualTo(new Closed(4401, "missing token"));
		assertThat(refused("missing_token")).isEqualTo(before + 1);
		assertNothingOpenedFor(this.camera);
	}

	@Test
	void shouldCloseWith4401SayingWhatIsWrongWithForgedExpiredAndMalformedTokens() throws Exception {
		double before = refused("invalid_token");

		assertThat(closedWith("?token=" + TestTokens.forged(this.camera)))
			.isEqualTo(new Closed(4401, "invalid token: unknown signing key"));
		assertThat(closedWith("?token=" + TestTokens.expired(this.camera)))
			.isEqualTo(new Closed(4401, "invalid token: expired"));
		assertThat(closedWith("?token=not.a.jwt")).isEqualTo(new Closed(4401, "invalid token: malformed"));
		assertThat(refused("invalid_token")).isEqualTo(before + 3);
		assertNothingOpenedFor(this.camera);
	}

	@Test
	void shouldNotOpenCameraBWithATokenForCameraA() throws Exception {
		String cameraB = freshCamera();
		double before = refused("wrong_camera");

		Closed closed = WsClient.refusedByClose(this.port,
				"/ws/label/" + cameraB + "?token=" + TestTokens.forCamera(this.camera));

		assertThat(closed).isEqualTo(new Closed(4403, "token opens another camera"));
		assertThat(refused("wrong_camera")).isEqualTo(before + 1);
		assertNothingOpenedFor(cameraB);
	}

	@Test
	void shouldTakeTheTokenFromAnAuthorizationHeader() throws Exception {
		try (WsClient client = WsClient.openAsIs(this.port, "/ws/label/" + this.camera, "Authorization",
				"Bearer " + TestTokens.forCamera(this.camera))) {
			assertThat(client.nextJson(WAIT).get("type").asString()).isEqualTo("hello");
		}
	}

	@Test
	void shouldCloseASessionWith4001WhenItsTokenExpires() throws Exception {
		try (WsClient client = WsClient.openAsIs(this.port,
				"/ws/label/" + this.camera + "?token=" + TestTokens.forCamera(this.camera, Duration.ofSeconds(2)))) {
			assertThat(client.nextJson(WAIT).get("type").asString()).isEqualTo("hello");

			assertThat(client.awaitCloseCode(WAIT)).isEqualTo(4001);
		}
		assertThat(this.metrics.counter("gateway.sessions.closed", "reason", "token_expired").count()).isPositive();
	}

	@Test
	void shouldKeepASessionOpenPastItsFirstTokenWhenAFreshOneArrivesInBand() throws Exception {
		Instant firstExpiry = Instant.now().plusSeconds(2);
		try (WsClient client = WsClient.openAsIs(this.port,
				"/ws/label/" + this.camera + "?token=" + TestTokens.forCamera(this.camera, Duration.ofSeconds(2)))) {
			client.nextJson(WAIT);

			client.sendText("{\"type\":\"auth\",\"token\":\"" + TestTokens.forCamera(this.camera) + "\"}");
			JsonNode authenticated = client.nextJson(WAIT);
			assertThat(authenticated.get("type").asString()).isEqualTo("authenticated");
			assertThat(Instant.parse(authenticated.get("expiresAt").asString())).isAfter(firstExpiry.plusSeconds(3000));

			await().atMost(WAIT).until(() -> Instant.now().isAfter(firstExpiry.plusSeconds(2)) || client.isClosed());
			assertThat(client.isClosed()).isFalse();
			String event = this.publisher.publish(this.camera, 1);
			assertThat(client.nextText(WAIT)).isEqualTo(event);
		}
	}

	@Test
	void shouldRefuseAnInBandTokenForAnotherCameraAndKeepTheSession() throws Exception {
		try (WsClient client = WsClient.connect(this.port, this.camera)) {
			client.nextJson(WAIT);

			client.sendText("{\"type\":\"auth\",\"token\":\"" + TestTokens.forCamera(freshCamera()) + "\"}");
			JsonNode error = client.nextJson(WAIT);
			client.sendText("{\"type\":\"auth\"}");
			JsonNode missing = client.nextJson(WAIT);
			client.sendText("{\"type\":\"ping\"}");

			assertThat(error.get("type").asString()).isEqualTo("error");
			assertThat(error.get("message").asString()).contains("auth refused", "does not open camera");
			assertThat(missing.get("message").asString()).contains("auth refused", "token is required");
			assertThat(client.nextJson(WAIT).get("type").asString()).isEqualTo("pong");
		}
	}

	@Test
	void shouldLetOnlyConfiguredOrOwnBrowserOriginsConnect() throws Exception {
		String token = "?token=" + TestTokens.forCamera(this.camera);

		double before = refused("origin_not_allowed");
		double missingBefore = refused("missing_token");

		Closed closed = WsClient.refusedByClose(this.port, "/ws/label/" + this.camera + token, "Origin",
				"http://evil.example");
		// refused before a token is looked at, and counted once
		Closed noToken = WsClient.refusedByClose(this.port, "/ws/label/" + this.camera, "Origin",
				"http://evil.example");

		assertThat(closed).isEqualTo(new Closed(4403, "origin not allowed: http://evil.example"));
		assertThat(noToken).isEqualTo(closed);
		assertThat(refused("origin_not_allowed")).isEqualTo(before + 2);
		assertThat(refused("missing_token")).isEqualTo(missingBefore);
		assertNothingOpenedFor(this.camera);
		for (String origin : new String[] { "http://admin.example", "http://127.0.0.1:" + this.port }) {
			try (WsClient client = WsClient.openAsIs(this.port, "/ws/label/" + this.camera + token, "Origin", origin)) {
				assertThat(client.nextJson(WAIT).get("type").asString()).as(origin).isEqualTo("hello");
			}
		}
	}

	private Closed closedWith(String query) throws Exception {
		return WsClient.refusedByClose(this.port, "/ws/label/" + this.camera + query);
	}

	// No binding, no session: a refused socket costs the gateway nothing but the socket.
	private void assertNothingOpenedFor(String camera) {
		assertThat(this.bindings.isBound(CameraId.of(camera))).as("%s bound", camera).isFalse();
		assertThat(this.sessions.all()).noneMatch((session) -> session.camera().value().equals(camera));
	}

	private double refused(String reason) {
		return RefusedHandshakes.count(this.metrics, reason);
	}

}
