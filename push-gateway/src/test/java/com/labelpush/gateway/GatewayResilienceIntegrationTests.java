package com.labelpush.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.CameraBindings;
import com.labelpush.gateway.support.Broker;
import com.labelpush.gateway.support.EventPublisher;
import com.labelpush.gateway.support.GatewayProcess;
import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.WsClient;
import com.labelpush.testsupport.TcpProxy;
import com.labelpush.testsupport.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Slow and dead clients, a broker dropping the connection, and shutdown. */
class GatewayResilienceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void shouldKeepDeliveringToHealthyClientsWhileOneClientStopsReading() throws Exception {
		// Limits high enough that the stalled client stays connected for the whole burst:
		// healthy clients must get everything while its socket is stuck.
		ConfigurableApplicationContext gateway = Gateways.start(instance("stall"), "gateway.send-buffer-limit=256MB",
				"gateway.send-time-limit=120s");
		String camera = freshCamera();
		int port = Gateways.port(gateway);
		try (EventPublisher publisher = new EventPublisher();
				WsClient stalled = WsClient.connectStalled(port, camera);
				WsClient healthy1 = WsClient.connect(port, camera);
				WsClient healthy2 = WsClient.connect(port, camera)) {
			healthy1.nextJson(WAIT);
			healthy2.nextJson(WAIT);
			int events = 3000;
			long start = System.nanoTime();
			for (int seq = 1; seq <= events; seq++) {
				publisher.publish(camera, seq, 4000);
			}

			// ~12 MB per client: far beyond what socket buffers hold for the stalled one
			healthy1.nextTexts(events, WAIT);
			healthy2.nextTexts(events, WAIT);
			double seconds = (System.nanoTime() - start) / 1e9;

			assertThat(stalled.isClosed()).isFalse();
			System.out.printf("healthy clients received %d events (~12 MB each) in %.2f s beside a stalled client%n",
					events, seconds);
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldCloseAClientWhoseWriteTakesTooLongWith1013() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start(instance("slow-write"),
				"gateway.send-buffer-limit=256MB", "gateway.send-time-limit=1s");
		String camera = freshCamera();
		int port = Gateways.port(gateway);
		MeterRegistry metrics = gateway.getBean(MeterRegistry.class);
		try (EventPublisher publisher = new EventPublisher();
				WsClient stalled = WsClient.connectStalled(port, camera);
				WsClient healthy = WsClient.connect(port, camera)) {
			healthy.nextJson(WAIT);
			for (int seq = 1; seq <= 3000; seq++) {
				publisher.publish(camera, seq, 4000);
			}

			assertThat(healthy.nextTexts(3000, WAIT)).hasSize(3000);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(metrics.counter("gateway.sessions.closed", "reason", "slow").count())
					.isEqualTo(1));
			// A close frame cannot be slipped into a half-written frame: a client whose
			// socket was stuck mid-frame sees the connection drop (1006) rather than
			// 1013. Either way it reconnects with since.
			stalled.resume();
			assertThat(stalled.awaitCloseCode(WAIT)).isIn(1013, 1006);
			assertThat(healthy.isClosed()).isFalse();
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldCloseAClientWhoseSendBufferOverflowsWith1013() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start(instance("overflow"), "gateway.send-buffer-limit=64KB");
		String camera = freshCamera();
		MeterRegistry metrics = gateway.getBean(MeterRegistry.class);
		try (EventPublisher publisher = new EventPublisher();
				WsClient stalled = WsClient.connectStalled(Gateways.port(gateway), camera)) {
			for (int seq = 1; seq <= 2000; seq++) {
				publisher.publish(camera, seq, 4000);
			}

			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(metrics.counter("gateway.sessions.closed", "reason", "slow").count())
					.isEqualTo(1));
			assertThat(gateway.getBean(com.labelpush.gateway.session.CameraSessions.class).openSessions()).isZero();
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldCloseAClientThatStopsAnsweringPings() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start(instance("heartbeat"), "gateway.heartbeat=1s",
				"gateway.heartbeat-timeout=2s");
		String camera = freshCamera();
		int port = Gateways.port(gateway);
		MeterRegistry metrics = gateway.getBean(MeterRegistry.class);
		try (EventPublisher publisher = new EventPublisher();
				WsClient dead = WsClient.connectStalled(port, camera);
				WsClient alive = WsClient.connect(port, camera)) {
			assertThat(alive.nextJson(WAIT).get("heartbeatSeconds").asInt()).isEqualTo(1);

			await().atMost(WAIT)
				.untilAsserted(
						() -> assertThat(metrics.counter("gateway.sessions.closed", "reason", "heartbeat").count())
							.isEqualTo(1));

			// the live client answers pings (the client library does it) and is
			// still served
			String event = publisher.publish(camera, 1);
			assertThat(alive.nextText(WAIT)).isEqualTo(event);
			assertThat(alive.isClosed()).isFalse();
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldRestoreBindingsAndDeliveryAfterTheBrokerDropsTheConnection() throws Exception {
		TcpProxy brokerPath = TestServices.rabbitmqPath();
		ConfigurableApplicationContext gateway = Gateways.start(instance("reconnect"),
				TestServices.rabbitmqSettingsThrough(brokerPath).toArray(String[]::new));
		String camera = freshCamera();
		CameraBindings bindings = gateway.getBean(CameraBindings.class);
		try (brokerPath;
				EventPublisher publisher = new EventPublisher();
				WsClient client = WsClient.connect(Gateways.port(gateway), camera)) {
			client.nextJson(WAIT);
			publisher.publish(camera, 1);
			client.nextText(WAIT);

			assertThat(brokerPath.drop()).as("the gateway's one broker connection").isEqualTo(1);

			// Events published before the binding is back never arrive. No label-api runs
			// here, so the gateway cannot fetch them: the client is told to resync (never
			// a silent gap), and live delivery goes on in the same session.
			long[] seq = { 1 };
			List<String> received = new ArrayList<>();
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
				publisher.publish(camera, ++seq[0]);
				received.addAll(client.drain());
				return received.stream().anyMatch((frame) -> frame.contains("\"type\":\"label.created\""));
			});
			assertThat(received).anyMatch((frame) -> frame.contains("\"type\":\"resync\""));
			assertThat(client.isClosed()).isFalse();
			assertThat(bindings.isBound(CameraId.of(camera))).isTrue();
			assertThat(publisher.isRouted(camera, ++seq[0])).isTrue();
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldBeUnreadyWhileTheBrokerIsUnreachable() throws Exception {
		TcpProxy brokerPath = TestServices.rabbitmqPath();
		ConfigurableApplicationContext gateway = Gateways.start(instance("unready"),
				TestServices.rabbitmqSettingsThrough(brokerPath).toArray(String[]::new));
		URI readiness = URI.create("http://127.0.0.1:" + Gateways.port(gateway) + "/actuator/health/readiness");
		HttpClient http = HttpClient.newHttpClient();
		try (brokerPath) {
			await().atMost(WAIT).until(() -> status(http, readiness) == 200);

			brokerPath.cut();
			await().atMost(WAIT).until(() -> status(http, readiness) == 503);

			brokerPath.restore();
			await().atMost(WAIT).until(() -> status(http, readiness) == 200);
		}
		finally {
			gateway.close();
		}
	}

	private static int status(HttpClient http, URI uri) throws Exception {
		return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@Test
	void shouldLeaveNothingOnTheBrokerWhenAnInstanceIsKilled() throws Exception {
		String instance = instance("killed");
		String camera = freshCamera();
		try (EventPublisher publisher = new EventPublisher(); GatewayProcess gateway = GatewayProcess.start(instance)) {
			WsClient client = WsClient.connect(gateway.port(), camera);
			client.nextJson(WAIT);
			assertThat(Broker.queueExists("push-gateway." + instance)).isTrue();
			assertThat(publisher.isRouted(camera, 1)).isTrue();

			gateway.kill();

			await().atMost(WAIT).until(() -> !Broker.queueExists("push-gateway." + instance));
			assertThat(publisher.isRouted(camera, 2)).isFalse();
			assertThat(client.awaitCloseCode(WAIT)).isEqualTo(1006);
		}
	}

	@Test
	void shouldCloseSessionsWith1001RefuseNewOnesAndRemoveTheQueueOnShutdown() throws Exception {
		String instance = instance("shutdown");
		ConfigurableApplicationContext gateway = Gateways.start(instance, "gateway.drain-window=2s");
		int port = Gateways.port(gateway);
		String queue = gateway.getBean(GatewayProperties.class).queueName();
		List<WsClient> clients = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			WsClient client = WsClient.connect(port, freshCamera());
			client.nextJson(WAIT);
			clients.add(client);
		}
		assertThat(Broker.queueExists(queue)).isTrue();

		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(gateway::close);
		assertThat(clients.get(0).awaitCloseCode(WAIT)).isEqualTo(1001);
		int refused = WsClient.refusedStatus(port, "/ws/label/" + freshCamera());
		shutdown.get();

		assertThat(refused).isEqualTo(503);
		for (WsClient client : clients) {
			assertThat(client.awaitCloseCode(WAIT)).isEqualTo(1001);
		}
		assertThat(Broker.queueExists(queue)).isFalse();
	}

	private static String instance(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

}
