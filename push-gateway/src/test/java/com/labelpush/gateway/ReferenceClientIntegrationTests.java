package com.labelpush.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.labelpush.client.LabelFeedClient.Refusal;
import com.labelpush.client.LabelFeedClient;
import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEvent;
import com.labelpush.gateway.support.RefusedHandshakes;
import com.labelpush.gateway.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reference client acts on the close code a refused handshake gets. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "gateway.instance-id=reference-client-test")
@ActiveProfiles("test")
class ReferenceClientIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry metrics;

	@Test
	void shouldStopForGoodOn4403AndTellTheApplicationWhy() {
		String camera = freshCamera();
		AtomicInteger tokensAsked = new AtomicInteger();
		Recorder recorder = new Recorder();

		try (LabelFeedClient client = follow(camera, () -> {
			tokensAsked.incrementAndGet();
			return TestTokens.forCamera(freshCamera());
		}, recorder)) {
			await().atMost(WAIT).until(() -> client.refusal() != null);

			assertThat(client.refusal()).isEqualTo(new Refusal(4403, "token opens another camera"));
			assertThat(recorder.refusals).containsExactly(client.refusal());
			// stopped instead of scheduling a reconnect: no token is asked for again
			assertThat(recorder.disconnects).isEmpty();
			assertThat(tokensAsked).hasValue(1);
			assertThat(refused("wrong_camera")).isPositive();
		}
	}

	@Test
	void shouldAskForANewTokenAfter4401AndBackOffLongerEachTime() {
		String camera = freshCamera();
		List<String> tokens = List.of(TestTokens.expired(camera), TestTokens.expired(camera),
				TestTokens.forCamera(camera));
		AtomicInteger tokensAsked = new AtomicInteger();
		Recorder recorder = new Recorder();

		try (LabelFeedClient client = follow(camera,
				() -> tokens.get(Math.min(tokensAsked.getAndIncrement(), tokens.size() - 1)), recorder)) {
			// hello on the third connection: connected, and the snapshot is loaded
			await().atMost(WAIT).until(() -> !recorder.connections.isEmpty());

			assertThat(tokensAsked).hasValue(3);
			assertThat(client.refusal()).isNull();
			// refused connections never count as connected
			assertThat(recorder.connections).containsExactly("reference-client-test fresh");
			assertThat(recorder.reloads).hasValue(1);
			// 1 s, then 2 s, each with jitter down to half: a connection closed right
			// after the upgrade does not reset the back-off as hello does
			assertThat(recorder.disconnects).hasSize(2);
			assertThat(recorder.disconnects.get(0)).isBetween(500L, 1000L);
			assertThat(recorder.disconnects.get(1)).isBetween(1000L, 2000L);
		}
	}

	private LabelFeedClient follow(String camera, Supplier<String> tokens, Recorder recorder) {
		return new LabelFeedClient(List.of(URI.create("ws://127.0.0.1:" + this.port)), CameraId.of(camera), tokens,
				recorder);
	}

	private double refused(String reason) {
		return RefusedHandshakes.count(this.metrics, reason);
	}

	private static final class Recorder implements LabelFeedClient.Listener {

		final AtomicInteger reloads = new AtomicInteger();

		final List<Long> disconnects = new CopyOnWriteArrayList<>();

		final List<Refusal> refusals = new CopyOnWriteArrayList<>();

		final List<String> connections = new CopyOnWriteArrayList<>();

		@Override
		public void reload() {
			this.reloads.incrementAndGet();
		}

		@Override
		public void apply(LabelEvent event) {
		}

		@Override
		public void connected(String instance, boolean resumed) {
			this.connections.add(instance + (resumed ? " resumed" : " fresh"));
		}

		@Override
		public void onDisconnected(long reconnectInMillis) {
			this.disconnects.add(reconnectInMillis);
		}

		@Override
		public void refused(Refusal refusal) {
			this.refusals.add(refusal);
		}

	}

}
