package com.labelpush.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.labelpush.testsupport.AppProcess;
import com.labelpush.system.support.Feed;
import com.labelpush.system.support.Gateways;
import com.labelpush.system.support.LabelApi;
import com.labelpush.testsupport.TcpProxy;
import com.labelpush.testsupport.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path with the built jars: the admin writes through label-api's REST API,
 * events go through the outbox and RabbitMQ to two push-gateway replicas, and reference
 * clients on both apply them. In every scenario, failures included, each client ends with
 * every event of its camera, once, in order, and none of another camera.
 */
class SystemIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static LabelApi api;

	private static AppProcess gatewayA;

	private static AppProcess gatewayB;

	private final List<Feed> feeds = new ArrayList<>();

	private final ExecutorService writer = Executors.newSingleThreadExecutor();

	// every application reaches the broker through a path the test can break
	private static TcpProxy broker;

	@BeforeAll
	static void startSystem() throws Exception {
		broker = TestServices.rabbitmqPath();
		api = LabelApi.start(through(broker));
		gatewayA = Gateways.start("system-a-" + suffix(), api, through(broker));
		gatewayB = Gateways.start("system-b-" + suffix(), api, through(broker));
	}

	@AfterAll
	static void stopSystem() throws Exception {
		gatewayA.close();
		gatewayB.close();
		api.close();
		broker.close();
	}

	@AfterEach
	void closeFeeds() {
		this.feeds.forEach(Feed::close);
		this.writer.shutdownNow();
	}

	@Test
	void shouldDeliverEveryEventOnceInOrderToClientsOnBothReplicas() {
		List<String> cameras = List.of(freshCamera(), freshCamera(), freshCamera());
		for (String camera : cameras) {
			follow(camera, gatewayA);
			follow(camera, gatewayB);
		}
		awaitConnected();

		List<JsonNode> labels = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			for (String camera : cameras) {
				labels.add(api.create(camera, "label " + i, i, i));
			}
		}
		for (int i = 0; i < 15; i++) {
			api.move(labels.get(i), 100 + i, 100 + i);
		}

		// 10 created per camera, 5 moved per camera
		assertEveryFeedHasExactly(15);
	}

	@Test
	void shouldLoseNothingWhenAGatewayIsKilledMidStream() throws Exception {
		String camera = freshCamera();
		try (AppProcess doomed = Gateways.start("system-doomed-" + suffix(), api)) {
			// each client connects to the first replica and fails over to the next
			follow(camera, doomed, gatewayB);
			follow(camera, doomed, gatewayA);
			follow(camera, gatewayB);
			awaitConnected();

			Future<?> writes = writeLabels(camera, 40);
			await().atMost(WAIT).until(() -> this.feeds.get(0).lastSeq() >= 10);
			doomed.kill();
			writes.get();
		}
		assertEveryFeedHasExactly(40);
	}

	@Test
	void shouldLoseNothingWhenLabelApiRestartsMidStream() throws Exception {
		String camera = freshCamera();
		follow(camera, gatewayA);
		follow(camera, gatewayB);
		awaitConnected();

		AtomicInteger written = new AtomicInteger();
		Future<?> writes = this.writer.submit(() -> {
			for (int i = 0; i < 40; i++) {
				api.create(camera, "label " + i, i, i);
				written.incrementAndGet();
			}
		});
		await().atMost(WAIT).until(() -> written.get() >= 10);
		api.process().kill();
		api.process().restart();
		writes.get();

		assertEveryFeedHasExactly(40);
	}

	@Test
	void shouldLoseNothingWhenRabbitMqDropsEveryConnectionMidStream() throws Exception {
		String camera = freshCamera();
		follow(camera, gatewayA);
		follow(camera, gatewayB);
		awaitConnected();

		Future<?> writes = writeLabels(camera, 40);
		await().atMost(WAIT).until(() -> this.feeds.get(0).lastSeq() >= 10);
		// label-api's and both gateways' connections at least
		assertThat(broker.drop()).isGreaterThanOrEqualTo(3);
		writes.get();

		assertEveryFeedHasExactly(40);
	}

	private static String[] through(TcpProxy path) {
		return TestServices.rabbitmqSettingsThrough(path).toArray(String[]::new);
	}

	private void follow(String camera, AppProcess... gateways) {
		this.feeds.add(new Feed(api, camera, gateways));
	}

	// A fresh client has its hello (lastSeq = the camera's latest, 0 here) before any
	// label is written, so every event reaches it as an event.
	private void awaitConnected() {
		await().atMost(WAIT).until(() -> this.feeds.stream().allMatch((feed) -> feed.lastSeq() == 0));
	}

	private Future<?> writeLabels(String camera, int count) {
		return this.writer.submit(() -> {
			for (int i = 0; i < count; i++) {
				api.create(camera, "label " + i, i, i);
			}
		});
	}

	private void assertEveryFeedHasExactly(int events) {
		List<Long> expected = LongStream.rangeClosed(1, events).boxed().toList();
		for (Feed feed : this.feeds) {
			await().atMost(WAIT).until(() -> feed.lastSeq() >= events);
			assertThat(feed.seqs()).as("seqs applied for %s", feed.camera()).isEqualTo(expected);
			assertThat(feed.cameras()).containsExactly(feed.camera());
			assertThat(feed.extraReloads()).as("reloads after the first for %s", feed.camera()).isZero();
		}
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
