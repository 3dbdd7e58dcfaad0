package com.labelpush.gateway.security;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.TestTokens;
import com.labelpush.gateway.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static com.labelpush.gateway.support.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each limit refuses clearly, is counted, and lets clients in again once it allows. */
class LimitsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void shouldRefuseSessionsBeyondTheInstanceMaximumUntilOneLeaves() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("capacity-" + freshCamera(),
				"gateway.limits.max-sessions=2");
		int port = Gateways.port(gateway);
		String camera = freshCamera();
		try (WsClient first = WsClient.connect(port, camera); WsClient second = WsClient.connect(port, camera)) {
			first.nextJson(WAIT);
			second.nextJson(WAIT);

			HttpResponse<?> refusal = WsClient.refusal(port,
					"/ws/label/" + camera + "?token=" + TestTokens.forCamera(camera));
			assertThat(refusal.statusCode()).isEqualTo(503);
			assertThat(refusal.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(refused(gateway, "at_capacity")).isOne();

			first.close();
			await().atMost(WAIT).untilAsserted(() -> {
				try (WsClient third = WsClient.connect(port, camera)) {
					assertThat(third.nextJson(WAIT).get("type").asString()).isEqualTo("hello");
				}
			});
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldAnswer429ToAnAddressThatHandshakesTooFastThenLetItInAgain() {
		ConfigurableApplicationContext gateway = Gateways.start("rate-" + freshCamera(),
				"gateway.limits.handshakes-per-second-per-address=5");
		int port = Gateways.port(gateway);
		String path = "/ws/label/" + freshCamera();
		try {
			// No token: each handshake within the limit gets 401, the rest 429.
			List<Integer> statuses = new ArrayList<>();
			HttpResponse<?> limited = null;
			while (limited == null && statuses.size() < 50) {
				HttpResponse<?> refusal = WsClient.refusal(port, path);
				statuses.add(refusal.statusCode());
				limited = (refusal.statusCode() == 429) ? refusal : null;
			}
			assertThat(limited).as("a 429 among %s", statuses).isNotNull();
			assertThat(statuses.subList(0, 5)).containsOnly(401);
			assertThat(limited.headers().firstValue("Retry-After")).isPresent();
			assertThat(refused(gateway, "rate_limited")).isPositive();

			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(300))
				.until(() -> WsClient.refusal(port, path).statusCode() == 401);
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldCloseASessionThatSendsTooManyMessagesWith1008() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("flood-" + freshCamera(),
				"gateway.limits.inbound-messages-per-second=5");
		int port = Gateways.port(gateway);
		String camera = freshCamera();
		try (WsClient flooder = WsClient.connect(port, camera); WsClient calm = WsClient.connect(port, camera)) {
			flooder.nextJson(WAIT);
			calm.nextJson(WAIT);
			calm.sendText("{\"type\":\"ping\"}");
			assertThat(calm.nextJson(WAIT).get("type").asString()).isEqualTo("pong");

			for (int i = 0; i < 50 && !flooder.isClosed(); i++) {
				flooder.sendText("{\"type\":\"ping\"}");
			}

			assertThat(flooder.awaitCloseCode(WAIT)).isEqualTo(1008);
			assertThat(gateway.getBean(MeterRegistry.class)
				.counter("gateway.sessions.closed", "reason", "flooding")
				.count()).isOne();
			calm.sendText("{\"type\":\"ping\"}");
			assertThat(calm.nextJson(WAIT).get("type").asString()).isEqualTo("pong");
			try (WsClient again = WsClient.connect(port, camera)) {
				assertThat(again.nextJson(WAIT).get("type").asString()).isEqualTo("hello");
			}
		}
		finally {
			gateway.close();
		}
	}

	private static double refused(ConfigurableApplicationContext gateway, String reason) {
		return gateway.getBean(MeterRegistry.class).counter("gateway.handshakes.refused", "reason", reason).count();
	}

}
