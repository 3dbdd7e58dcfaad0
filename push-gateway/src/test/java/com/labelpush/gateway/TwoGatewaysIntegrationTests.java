package com.labelpush.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.CameraBindings;
import com.labelpush.gateway.support.EventPublisher;
import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway instances on one broker, as behind a load balancer: each camera's clients
 * get its events wherever they are connected, once each, in order, and nothing else.
 */
class TwoGatewaysIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static ConfigurableApplicationContext gatewayA;

	private static ConfigurableApplicationContext gatewayB;

	@BeforeAll
	static void startGateways() {
		String run = UUID.randomUUID().toString().substring(0, 6);
		gatewayA = Gateways.start("a-" + run, "gateway.binding-linger=1s");
		gatewayB = Gateways.start("b-" + run, "gateway.binding-linger=1s");
	}

	@AfterAll
	static void stopGateways() {
		gatewayA.close();
		gatewayB.close();
	}

	@Test
	void shouldDeliverEveryEventOnceInOrderToClientsOnBothInstancesWithoutCrossTalk() throws Exception {
		String shared = freshCamera();
		String onlyB = freshCamera();
		List<WsClient> sharedClients = new ArrayList<>();
		try (EventPublisher publisher = new EventPublisher();
				WsClient bOnly = WsClient.connect(Gateways.port(gatewayB), onlyB)) {
			for (ConfigurableApplicationContext gateway : List.of(gatewayA, gatewayA, gatewayB, gatewayB, gatewayB)) {
				WsClient client = WsClient.connect(Gateways.port(gateway), shared);
				client.nextJson(WAIT);
				sharedClients.add(client);
			}
			bOnly.nextJson(WAIT);

			List<String> sharedEvents = new ArrayList<>();
			List<String> bEvents = new ArrayList<>();
			for (int seq = 1; seq <= 200; seq++) {
				sharedEvents.add(publisher.publish(shared, seq));
				if (seq % 4 == 0) {
					bEvents.add(publisher.publish(onlyB, seq / 4));
				}
			}

			for (WsClient client : sharedClients) {
				assertThat(client.nextTexts(200, WAIT)).containsExactlyElementsOf(sharedEvents);
			}
			assertThat(bOnly.nextTexts(50, WAIT)).containsExactlyElementsOf(bEvents);
			publisher.publish(onlyB, 51);
			bOnly.nextText(WAIT);
			for (WsClient client : sharedClients) {
				assertThat(client.drain()).as("no duplicate, no other camera's event").isEmpty();
			}
		}
		finally {
			sharedClients.forEach(WsClient::close);
		}
	}

	@Test
	void shouldBindOnFirstSessionKeepWhileAnyRemainsAndUnbindAfterTheLinger() throws Exception {
		String camera = freshCamera();
		CameraBindings bindings = gatewayA.getBean(CameraBindings.class);
		int port = Gateways.port(gatewayA);
		try (EventPublisher publisher = new EventPublisher()) {
			assertThat(publisher.isRouted(camera, 1)).isFalse();

			List<WsClient> burst = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				burst.add(WsClient.connect(port, camera));
			}
			for (WsClient client : burst) {
				client.nextJson(WAIT);
			}
			assertThat(publisher.isRouted(camera, 2)).isTrue();

			burst.get(0).close();
			burst.get(1).close();
			String stillDelivered = publisher.publish(camera, 3);
			// the routing probe above was delivered too, then this event
			assertThat(burst.get(2).nextTexts(2, WAIT)).endsWith(stillDelivered);

			burst.get(2).close();
			// Within the linger the binding stays, so a quick reconnect costs no rebind.
			assertThat(publisher.isRouted(camera, 4)).isTrue();
			try (WsClient reconnected = WsClient.connect(port, camera)) {
				reconnected.nextJson(WAIT);
				assertThat(bindings.isBound(CameraId.of(camera))).isTrue();
			}

			await().atMost(WAIT).until(() -> !bindings.isBound(CameraId.of(camera)));
			assertThat(publisher.isRouted(camera, 5)).isFalse();
		}
	}

}
