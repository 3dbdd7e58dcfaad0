package com.labelpush.gateway.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.labelpush.gateway.support.EventPublisher;
import com.labelpush.gateway.support.TestTokens;
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

import static com.labelpush.gateway.support.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only a valid token for the camera in the path opens it; a session lives as long as its
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
	void shouldRefuseAHandshakeWithoutAToken() {
		double before = refused("missing_token");

		HttpResponse<?> refusal = WsClient.refusal(this.port, "/ws/label/" + this.camera);

		assertThat(refusal.statusCode()).isEqualTo(401);
		assertThat(refusal.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(refusal.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused("missing_token")).isEqualTo(before + 1);
	}

	@Test
	void shouldRefuseForgedAndExpiredTokens() {
		double before = refused("invalid_token");

		assertThat(status("?token=" + TestTokens.forged(this.camera))).isEqualTo(401);
		assertThat(status("?token=" + TestTokens.expired(this.camera))).isEqualTo(401);
		assertThat(status("?token=not.a.jwt")).isEqualTo(401);
		assertThat(refused("invalid_token")).isEqualTo(before + 3);
	}

	@Test
	void shouldNotOpenCameraBWithATokenForCameraA() {
		String cameraB = freshCamera();

		HttpResponse<?> refusal = WsClient.refusal(this.port,
				"/ws/label/" + cameraB + "?token=" + TestTokens.forCamera(this.camera));

		assertThat(refusal.statusCode()).isEqualTo(403);
		assertThat(refused("wrong_camera")).isPositive();
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

		HttpResponse<?> refusal = WsClient.refusal(this.port, "/ws/label/" + this.camera + token, "Origin",
				"http://evil.example");
		assertThat(refusal.statusCode()).isEqualTo(403);
		assertThat(refused("origin_not_allowed")).isPositive();
		for (String origin : new String[] { "http://admin.example", "http://127.0.0.1:" + this.port }) {
			try (WsClient client = WsClient.openAsIs(this.port, "/ws/label/" + this.camera + token, "Origin", origin)) {
				assertThat(client.nextJson(WAIT).get("type").asString()).as(origin).isEqualTo("hello");
			}
		}
	}

	private int status(String query) {
		return WsClient.refusal(this.port, "/ws/label/" + this.camera + query).statusCode();
	}

	private double refused(String reason) {
		return this.metrics.counter("gateway.handshakes.refused", "reason", reason).count();
	}

}
