package com.labelpush.system.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.labelpush.testsupport.AppProcess;
import com.labelpush.system.support.Gateways;
import com.labelpush.system.support.LabelApi;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The whole system on one machine: N clients over C cameras (on one selector thread, so
 * that the load generator costs far less than what it loads), spread over two gateways,
 * and R label creations per second through label-api's REST API for a while, after a
 * warm-up; R may be a list of rates, measured one after the other on the same processes.
 * Prints, and writes to {@code system-tests/target/benchmarks/end-to-end.json}, for each
 * rate the deliveries (expected, received, lost, duplicated, out of order), the
 * end-to-end latency from the POST being sent to the client applying the event, the
 * throughput, where the time goes (stages) and the CPU each part used per event; and each
 * process's memory. Run on demand:
 * {@code ./mvnw -B -pl system-tests -am -Pbenchmark -Dtest=EndToEndBenchmark verify} with
 * {@code -Dbench.clients}, {@code bench.cameras}, {@code bench.rate} (e.g.
 * {@code 100,300,500}), {@code bench.seconds}, {@code bench.warm-up-max-seconds}.
 */
class EndToEndBenchmark {

	private static final int CLIENTS = Integer.getInteger("bench.clients", 200);

	private static final int CAMERAS = Integer.getInteger("bench.cameras", 50);

	/** One or more rates, each measured in turn on the same processes. */
	private static final List<Integer> RATES = Arrays.stream(System.getProperty("bench.rate", "500").split(","))
		.map(String::trim)
		.map(Integer::valueOf)
		.toList();

	private static final int SECONDS = Integer.getInteger("bench.seconds", 60);

	// The warm-up goes on, in steps, until the JIT compilers are done with the hot paths:
	// on two cores C2 needs minutes, and after a fixed 30 s it still took most of
	// label-api's CPU in the next measured phase.
	private static final int WARM_UP_STEP_SECONDS = 10;

	private static final int WARM_UP_MAX_SECONDS = Integer.getInteger("bench.warm-up-max-seconds", 180);

	// JIT time of all four JVMs together within one step
	private static final long COMPILED_ENOUGH_MS = 300;

	private static final int MAX_IN_FLIGHT = 32;

	// The admin's POSTs, each blocking on one of as many threads as may be in flight,
	// through HttpURLConnection (keep-alive): the JDK HttpClient cost the load generator
	// about a millisecond of CPU per request on two cores (profiled: its selector,
	// future hand-offs and, with the default executor, new threads).
	private static final ExecutorService posts = Executors.newFixedThreadPool(MAX_IN_FLIGHT, (runnable) -> {
		Thread thread = new Thread(runnable, "admin-post");
		thread.setDaemon(true);
		return thread;
	});

	@Test
	void run() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		int clientsPerCamera = CLIENTS / CAMERAS;
		try (LabelApi api = LabelApi.start();
				AppProcess gatewayA = Gateways.start("bench-a-" + run, api);
				AppProcess gatewayB = Gateways.start("bench-b-" + run, api)) {
			List<String> cameras = new ArrayList<>();
			for (int c = 0; c < CAMERAS; c++) {
				cameras.add("bench-" + run + "-" + c);
			}
			// phase 0 is the warm-up, at the highest rate: every path gets hot
			int warmUpRate = RATES.stream().max(Integer::compare).orElseThrow();
			List<Deliveries> phases = new ArrayList<>();
			phases.add(new Deliveries(warmUpRate * WARM_UP_MAX_SECONDS, clientsPerCamera));
			RATES.forEach((rate) -> phases.add(new Deliveries(rate * SECONDS, clientsPerCamera)));
			// every client on one selector thread (ResumingClients), as lean as a load
			// generator on the same two cores must be: JDK WebSocket clients cost 1.35 ms
			// of CPU per event delivered, with 400 threads
			ResumingClients clients = new ResumingClients(1000, 30_000, (client, frame, seq) -> {
				// names are "<phase>-<k>"
				String name = ResumingClients.Client.stringField(frame, "name");
				int dash = name.indexOf('-');
				phases.get(Integer.parseInt(name.substring(0, dash)))
					.received(client.id, Integer.parseInt(name.substring(dash + 1)), seq);
			});
			Map<String, String> tokens = new HashMap<>();
			for (String camera : cameras) {
				tokens.put(camera, api.clientToken(camera));
			}
			for (int i = 0; i < CLIENTS; i++) {
				String camera = cameras.get(i % CAMERAS);
				AppProcess gateway = (i % 2 == 0) ? gatewayA : gatewayB;
				clients.add(camera, tokens.get(camera), List.of(gateway.port()));
			}
			await().atMost(Duration.ofMinutes(2)).until(() -> clients.count((client) -> client.hellos > 0) == CLIENTS);

			Map<String, AppProcess> services = new TreeMap<>(
					Map.of("label-api", api.process(), "push-gateway-a", gatewayA, "push-gateway-b", gatewayB));
			int warmUpSeconds = warmUp(api, cameras, phases.get(0), warmUpRate, services);
			phases.get(0).awaitAll();
			CpuUsage cpu = new CpuUsage(services);
			List<Map<String, Object>> runs = new ArrayList<>();
			for (int phase = 1; phase <= RATES.size(); phase++) {
				int rate = RATES.get(phase - 1);
				Deliveries measured = phases.get(phase);
				Stages.Snapshot before = Stages.Snapshot.take(services);
				Map<String, Double> cpuBefore = cpu.snapshot();
				long started = System.nanoTime();
				write(api, cameras, measured, rate, SECONDS, phase, 0);
				double writeSeconds = (System.nanoTime() - started) / 1e9;
				measured.awaitAll();
				Map<String, Double> cpuAfter = cpu.snapshot();
				Stages.Snapshot after = Stages.Snapshot.take(services);
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("targetEventsPerSecond", rate);
				result.put("seconds", SECONDS);
				result.put("eventsSent", measured.sent.get());
				result.put("eventsPerSecondAchieved", round(measured.sent.get() / writeSeconds));
				result.put("postFailures", measured.failures.get());
				result.put("postFailureReasons", measured.failureReasons);
				result.putAll(measured.summary());
				result.put("stages", Stages.between(before, after, measured.answerQuantiles()));
				// CPU until every delivery arrived, per event sent
				result.putAll(CpuUsage.perEvent(cpuBefore, cpuAfter, measured.sent.get()));
				// how much of the services' CPU went to compiling and collecting
				result.put("jvmMsPerEvent", Stages.jvmWorkPerEvent(before, after, measured.sent.get()));
				System.out.println("end-to-end at " + rate + "/s: " + result);
				runs.add(result);
			}
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("clients", CLIENTS);
			report.put("cameras", CAMERAS);
			report.put("gateways", 2);
			report.put("cores", Runtime.getRuntime().availableProcessors());
			report.put("warmUpSeconds", warmUpSeconds);
			report.put("warmUpRate", warmUpRate);
			// a failed creation makes no event: the deliveries expected count the rest
			report.put("note", "lost counts deliveries of creations that label-api committed (201)");
			report.put("runs", runs);
			Map<String, Double> rssMiB = new TreeMap<>();
			for (Map.Entry<String, AppProcess> service : services.entrySet()) {
				rssMiB.put(service.getKey(), rssMiB(service.getValue()));
			}
			report.put("rssMiB", rssMiB);
			clients.close();
			String json = JsonMapper.builder()
				.enable(SerializationFeature.INDENT_OUTPUT)
				.build()
				.writeValueAsString(report);
			System.out.println("end-to-end: " + json);
			Path file = Path.of("target", "benchmarks", "end-to-end.json");
			Files.createDirectories(file.getParent());
			Files.writeString(file, json);
		}
	}

	/**
	 * Load at the given rate, step by step, until the JVMs (the services' and this one)
	 * compile little more.
	 * @return how long the warm-up took, in seconds
	 */
	private static int warmUp(LabelApi api, List<String> cameras, Deliveries deliveries, int rate,
			Map<String, AppProcess> services) throws Exception {
		double compiled = compilationMillis(services);
		int seconds = 0;
		while (seconds < WARM_UP_MAX_SECONDS) {
			write(api, cameras, deliveries, rate, WARM_UP_STEP_SECONDS, 0, seconds * rate);
			seconds += WARM_UP_STEP_SECONDS;
			double now = compilationMillis(services);
			boolean settled = now - compiled < COMPILED_ENOUGH_MS;
			compiled = now;
			if (settled && seconds >= 2 * WARM_UP_STEP_SECONDS) {
				break;
			}
		}
		return seconds;
	}

	private static double compilationMillis(Map<String, AppProcess> services) throws Exception {
		return Stages.Snapshot.take(services).compilationMillis()
				+ ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
	}

	// Open loop: creation k is sent at start + k / rate whatever the answers, so a slow
	// system shows as latency, not as a lower offered rate; at most MAX_IN_FLIGHT
	// requests are outstanding (as an admin back end's connection pool would allow), and
	// when they all are the rate achieved falls below the target, which is reported.
	private static void write(LabelApi api, List<String> cameras, Deliveries deliveries, int rate, int seconds,
			int phase, int first) throws InterruptedException {
		int total = first + rate * seconds;
		long start = System.nanoTime();
		AtomicInteger pending = new AtomicInteger();
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		for (int k = first; k < total; k++) {
			long due = start + (long) ((k - first) * 1e9 / rate);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			String camera = cameras.get(k % cameras.size());
			String body = "{\"cameraId\":\"" + camera + "\",\"name\":\"" + phase + "-" + k + "\",\"x\":1,\"y\":2}";
			inFlight.acquire();
			pending.incrementAndGet();
			deliveries.sent(k);
			int event = k;
			posts.execute(() -> {
				String failure = post(api, body);
				deliveries.answered(event);
				if (failure != null) {
					deliveries.failed(failure);
				}
				pending.decrementAndGet();
				inFlight.release();
			});
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> pending.get() == 0);
	}

	// null when label-api created the label, else why not
	private static String post(LabelApi api, String body) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(api.baseUrl() + "/api/labels")
				.toURL()
				.openConnection();
			connection.setRequestMethod("POST");
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/json");
			connection.setRequestProperty("Authorization", "Bearer " + LabelApi.ADMIN_KEY);
			try (OutputStream out = connection.getOutputStream()) {
				out.write(body.getBytes(StandardCharsets.UTF_8));
			}
			int status = connection.getResponseCode();
			// read to the end, so that the connection is kept for the next request
			try (InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
				if (in != null) {
					in.readAllBytes();
				}
			}
			return (status == 201) ? null : "status " + status;
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static double rssMiB(AppProcess process) throws Exception {
		return round(process.rss() / 1024.0 / 1024.0);
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/** What each client applied, against when each creation was sent. */
	private static final class Deliveries {

		final int clientsPerCamera;

		final AtomicLongArray sentNanos;

		// Preallocated and filled through an index: a copy-on-write list here copied the
		// whole list on every delivery (quadratic, humongous arrays) and slowed the very
		// processes being measured.
		final AtomicLongArray answerNanos;

		final AtomicInteger answers = new AtomicInteger();

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger failures = new AtomicInteger();

		final Map<String, Integer> failureReasons = new ConcurrentHashMap<>();

		final AtomicLongArray latencies;

		final AtomicInteger received = new AtomicInteger();

		final Set<Long> seen;

		final AtomicLong duplicates = new AtomicLong();

		final AtomicLong outOfOrder = new AtomicLong();

		final Map<Integer, Long> lastSeqByClient = new ConcurrentHashMap<>();

		Deliveries(int events, int clientsPerCamera) {
			this.clientsPerCamera = clientsPerCamera;
			this.sentNanos = new AtomicLongArray(events);
			this.answerNanos = new AtomicLongArray(events);
			this.latencies = new AtomicLongArray(events * clientsPerCamera);
			this.seen = ConcurrentHashMap.newKeySet(events * clientsPerCamera);
		}

		void failed(String reason) {
			this.failures.incrementAndGet();
			this.failureReasons.merge(reason, 1, Integer::sum);
		}

		void answered(int k) {
			this.answerNanos.set(this.answers.getAndIncrement(), System.nanoTime() - this.sentNanos.get(k));
		}

		Map<String, Double> answerQuantiles() {
			long[] sorted = sorted(this.answerNanos, this.answers.get());
			return Map.of("p50", percentile(sorted, 0.50), "p99", percentile(sorted, 0.99));
		}

		void sent(int k) {
			this.sentNanos.set(k, System.nanoTime());
			this.sent.incrementAndGet();
		}

		void received(int client, int k, long seq) {
			long now = System.nanoTime();
			if (!this.seen.add((long) client * this.sentNanos.length() + k)) {
				this.duplicates.incrementAndGet();
				return;
			}
			Long previous = this.lastSeqByClient.put(client, seq);
			if (previous != null && seq != previous + 1) {
				this.outOfOrder.incrementAndGet();
			}
			this.latencies.set(this.received.getAndIncrement(), now - this.sentNanos.get(k));
		}

		void awaitAll() {
			long expected = expected();
			try {
				await().atMost(Duration.ofSeconds(60)).until(() -> this.seen.size() >= expected);
			}
			catch (ConditionTimeoutException ex) {
				// reported as lost
			}
		}

		// a failed creation makes no event
		private long expected() {
			return (long) (this.sent.get() - this.failures.get()) * this.clientsPerCamera;
		}

		Map<String, Object> summary() {
			long expected = expected();
			long[] sorted = sorted(this.latencies, this.received.get());
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

		private static long[] sorted(AtomicLongArray values, int count) {
			long[] sorted = new long[Math.min(count, values.length())];
			for (int i = 0; i < sorted.length; i++) {
				sorted[i] = values.get(i);
			}
			Arrays.sort(sorted);
			return sorted;
		}

		private static double percentile(long[] sorted, double p) {
			return (sorted.length > 0) ? round(Percentiles.at(sorted, p) / 1e6) : -1;
		}

	}

}
