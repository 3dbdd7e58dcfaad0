package com.labelpush.system.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.labelpush.client.LabelFeedClient;
import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEvent;
import com.labelpush.system.support.Gateways;
import com.labelpush.system.support.JarProcess;
import com.labelpush.system.support.LabelApi;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The whole system on one machine: N reference clients over C cameras, spread over two
 * gateways, and R label creations per second through label-api's REST API for a while.
 * Prints, and writes to {@code system-tests/target/benchmarks/end-to-end.json}, the
 * deliveries (expected, received, lost, duplicated, out of order), the end-to-end latency
 * from the POST being sent to the client applying the event, the throughput, and each
 * process's memory. Run on demand:
 * {@code ./mvnw -B -pl system-tests -am -Pbenchmark verify} with {@code -Dbench.clients},
 * {@code bench.cameras}, {@code bench.rate}, {@code bench.seconds}.
 */
class EndToEndBenchmark {

	private static final int CLIENTS = Integer.getInteger("bench.clients", 200);

	private static final int CAMERAS = Integer.getInteger("bench.cameras", 50);

	private static final int RATE = Integer.getInteger("bench.rate", 500);

	private static final int SECONDS = Integer.getInteger("bench.seconds", 60);

	private static final int WARM_UP_SECONDS = 10;

	private static final int MAX_IN_FLIGHT = 32;

	private static final HttpClient http = HttpClient.newHttpClient();

	@Test
	void run() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		try (LabelApi api = LabelApi.start();
				JarProcess gatewayA = Gateways.start("bench-a-" + run, api);
				JarProcess gatewayB = Gateways.start("bench-b-" + run, api)) {
			List<String> cameras = new ArrayList<>();
			for (int c = 0; c < CAMERAS; c++) {
				cameras.add("bench-" + run + "-" + c);
			}
			Deliveries warmUp = new Deliveries(RATE * WARM_UP_SECONDS);
			Deliveries measured = new Deliveries(RATE * SECONDS);
			List<LabelFeedClient> clients = new ArrayList<>();
			// one HTTP client and one timer for all feeds, as an application following
			// many cameras would have, so the load generator costs less of the 2 cores
			HttpClient feedsHttp = HttpClient.newHttpClient();
			ScheduledExecutorService feedsTimer = Executors.newScheduledThreadPool(2);
			for (int i = 0; i < CLIENTS; i++) {
				String camera = cameras.get(i % CAMERAS);
				JarProcess gateway = (i % 2 == 0) ? gatewayA : gatewayB;
				int client = i;
				clients.add(new LabelFeedClient(List.of(URI.create("ws://127.0.0.1:" + gateway.port())),
						CameraId.of(camera), () -> api.clientToken(camera), new LabelFeedClient.Listener() {

							@Override
							public void reload() {
							}

							@Override
							public void apply(LabelEvent event) {
								(event.label().name().startsWith("w") ? warmUp : measured).received(client, event);
							}

						}, feedsHttp, feedsTimer));
			}
			await().atMost(Duration.ofMinutes(2)).until(() -> clients.stream().allMatch((c) -> c.lastSeq() >= 0));

			write(api, cameras, warmUp, WARM_UP_SECONDS, "w");
			warmUp.awaitAll(CLIENTS / CAMERAS);
			List<JarProcess> processes = List.of(api.process(), gatewayA, gatewayB);
			Map<String, Map<Double, Double>> before = Stages.scrape(processes);
			long started = System.nanoTime();
			write(api, cameras, measured, SECONDS, "m");
			double writeSeconds = (System.nanoTime() - started) / 1e9;
			measured.awaitAll(CLIENTS / CAMERAS);
			Map<String, Map<Double, Double>> after = Stages.scrape(processes);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("clients", CLIENTS);
			result.put("cameras", CAMERAS);
			result.put("gateways", 2);
			result.put("targetEventsPerSecond", RATE);
			result.put("seconds", SECONDS);
			result.put("eventsSent", measured.sent.get());
			result.put("eventsPerSecondAchieved", round(measured.sent.get() / writeSeconds));
			result.put("postFailures", measured.failures.get());
			result.put("postFailureReasons", measured.failureReasons);
			// a failed creation makes no event: the deliveries expected count the rest
			result.put("note", "lost counts deliveries of creations that label-api committed (201)");
			result.putAll(measured.summary(CLIENTS / CAMERAS));
			result.put("stages", Stages.between(before, after, measured.answerQuantiles()));
			result.put("rssMiB", Map.of("label-api", rssMiB(api.process()), "push-gateway-a", rssMiB(gatewayA),
					"push-gateway-b", rssMiB(gatewayB)));
			clients.forEach(LabelFeedClient::close);
			feedsTimer.shutdownNow();
			String json = JsonMapper.builder()
				.enable(SerializationFeature.INDENT_OUTPUT)
				.build()
				.writeValueAsString(result);
			System.out.println("end-to-end: " + json);
			Path file = Path.of("target", "benchmarks", "end-to-end.json");
			Files.createDirectories(file.getParent());
			Files.writeString(file, json);
		}
	}

	// Open loop: creation k is sent at start + k / rate whatever the answers, so a slow
	// system shows as latency, not as a lower offered rate; at most MAX_IN_FLIGHT
	// requests are outstanding (as an admin back end's connection pool would allow), and
	// when they all are the rate achieved falls below the target, which is reported.
	private static void write(LabelApi api, List<String> cameras, Deliveries deliveries, int seconds, String prefix)
			throws InterruptedException {
		int total = RATE * seconds;
		long start = System.nanoTime();
		AtomicInteger pending = new AtomicInteger();
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		for (int k = 0; k < total; k++) {
			long due = start + (long) (k * 1e9 / RATE);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			String camera = cameras.get(k % cameras.size());
			String body = "{\"cameraId\":\"" + camera + "\",\"name\":\"" + prefix + k + "\",\"x\":1,\"y\":2}";
			inFlight.acquire();
			pending.incrementAndGet();
			deliveries.sent(k);
			int event = k;
			http.sendAsync(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/labels"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + LabelApi.ADMIN_KEY)
				.POST(BodyPublishers.ofString(body))
				.build(), BodyHandlers.discarding()).whenComplete((response, failure) -> {
					deliveries.answered(event);
					if (failure != null || response.statusCode() != 201) {
						deliveries.failed((failure != null) ? failure.toString() : "status " + response.statusCode());
					}
					pending.decrementAndGet();
					inFlight.release();
				});
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> pending.get() == 0);
	}

	private static double rssMiB(JarProcess process) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return round(Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0);
			}
		}
		return -1;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/** What each client applied, against when each creation was sent. */
	private static final class Deliveries {

		final AtomicLongArray sentNanos;

		final List<Long> answerNanos = new CopyOnWriteArrayList<>();

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final Map<String, Integer> failureReasons = new ConcurrentHashMap<>();

		final List<Long> latencies = new CopyOnWriteArrayList<>();

		final Map<String, Boolean> seen = new ConcurrentHashMap<>();

		final AtomicLong duplicates = new AtomicLong();

		final AtomicLong outOfOrder = new AtomicLong();

		final Map<Integer, Long> lastSeqByClient = new ConcurrentHashMap<>();

		Deliveries(int events) {
			this.sentNanos = new AtomicLongArray(events);
		}

		void failed(String reason) {
			this.failures.incrementAndGet();
			this.failureReasons.merge(reason, 1, Integer::sum);
		}

		void answered(int k) {
			this.answerNanos.add(System.nanoTime() - this.sentNanos.get(k));
		}

		Map<String, Double> answerQuantiles() {
			long[] sorted = this.answerNanos.stream().mapToLong(Long::longValue).sorted().toArray();
			return Map.of("p50", percentile(sorted, 0.50), "p99", percentile(sorted, 0.99));
		}

		void sent(int k) {
			this.sentNanos.set(k, System.nanoTime());
			this.sent.incrementAndGet();
		}

		void received(int client, LabelEvent event) {
			long now = System.nanoTime();
			int k = Integer.parseInt(event.label().name().substring(1));
			if (this.seen.putIfAbsent(client + "/" + k, Boolean.TRUE) != null) {
				this.duplicates.incrementAndGet();
				return;
			}
			Long previous = this.lastSeqByClient.put(client, event.seq());
			if (previous != null && event.seq() != previous + 1) {
				this.outOfOrder.incrementAndGet();
			}
			this.latencies.add(now - this.sentNanos.get(k));
		}

		void awaitAll(int clientsPerCamera) {
			long expected = (long) (this.sent.get() - this.failures.get()) * clientsPerCamera;
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> this.seen.size() >= expected);
			}
			catch (ConditionTimeoutException ex) {
				// reported as lost
			}
		}

		Map<String, Object> summary(int clientsPerCamera) {
			long expected = (long) (this.sent.get() - this.failures.get()) * clientsPerCamera;
			long[] sorted = this.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("deliveriesExpected", expected);
			summary.put("deliveriesReceived", this.seen.size());
			summary.put("lost", expected - this.seen.size());
			summary.put("duplicated", this.duplicates.get());
			summary.put("outOfOrder", this.outOfOrder.get());
			summary.put("latencyP50Ms", percentile(sorted, 0.50));
			summary.put("latencyP90Ms", percentile(sorted, 0.90));
			summary.put("latencyP99Ms", percentile(sorted, 0.99));
			summary.put("latencyMaxMs", (sorted.length > 0) ? round(sorted[sorted.length - 1] / 1e6) : -1);
			return summary;
		}

		private static double percentile(long[] sorted, double p) {
			if (sorted.length == 0) {
				return -1;
			}
			return round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6);
		}

	}

}
