package com.labelpush.system.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.labelpush.system.benchmark.ResumingClients.Client;
import com.labelpush.system.support.Gateways;
import com.labelpush.system.support.LabelApi;
import com.labelpush.testsupport.AppProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.labelpush.testsupport.Cameras.freshCamera;

/**
 * A gateway dies under many sessions: N clients over M cameras on gateway A (its replicas
 * B, and C with {@code bench.gateways=3}, each serve a few sessions of every camera so
 * they follow them), label-api writing a steady stream of label changes, then SIGKILL of
 * A. A's clients reconnect as the client rules say (back-off with jitter, the next
 * gateway of their list, {@code since}). Prints, and writes to
 * {@code system-tests/target/benchmarks/failover-<N>.json}: when 50/99/100 % of A's
 * sessions were resumed (hello again, seconds after the kill), events lost (must be 0),
 * duplicates, resyncs, label-api's history calls and every part's CPU during the storm,
 * the admin's POST latency before and during the storm, the survivors' heap. Run on
 * demand:
 * {@code ./mvnw -B -pl system-tests -am -Pbenchmark -Dtest=FailoverBenchmark verify} with
 * {@code -Dbench.sessions} (10000), {@code bench.cameras} (1000), {@code bench.rate}
 * (label changes per second, 50), {@code bench.gateways} (2),
 * {@code bench.newSessionsPerSecond} (the gateways' admission rate; default: the
 * gateways' own), {@code bench.gatewayJvm} (extra JVM options of the gateways),
 * {@code bench.gatewaySettings} (further gateway settings, comma-separated),
 * {@code bench.survivorSessionsPerCamera} (1). One process may hold at most
 * {@code ulimit -n} connections: here 20,000, so a gateway (and the clients' JVM) tops
 * out just below that.
 */
class FailoverBenchmark {

	private static final int SESSIONS = Integer.getInteger("bench.sessions", 10_000);

	private static final int CAMERAS = Integer.getInteger("bench.cameras", 1_000);

	private static final int RATE = Integer.getInteger("bench.rate", 50);

	private static final int GATEWAYS = Integer.getInteger("bench.gateways", 2);

	private static final String ADMISSION_RATE = System.getProperty("bench.newSessionsPerSecond");

	// each survivor holds this many sessions of every camera before the kill
	private static final int SURVIVOR_SESSIONS_PER_CAMERA = Integer.getInteger("bench.survivorSessionsPerCamera", 1);

	private static final Duration STORM_LIMIT = Duration.ofMinutes(3);

	private static final int OPENING_BATCH = 250;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern HISTORY_CALLS = Pattern.compile(
			"(?m)^http_server_requests_seconds_count\\{[^}]*uri=\"(/api/cameras/\\{cameraId}/events|/api/cameras/latest-seqs)\"[^}]*} ([0-9.E]+)");

	@Test
	void benchmark() throws Exception {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("sessions", SESSIONS);
		results.put("cameras", CAMERAS);
		results.put("labelChangesPerSecond", RATE);
		results.put("gateways", GATEWAYS);
		results.put("survivorSessionsPerCamera", SURVIVOR_SESSIONS_PER_CAMERA);
		results.put("newSessionsPerSecond", (ADMISSION_RATE != null) ? ADMISSION_RATE : "default");
		List<String> settings = new ArrayList<>(List.of("gateway.limits.max-sessions=100000"));
		if (ADMISSION_RATE != null) {
			settings.add("gateway.limits.new-sessions-per-second=" + ADMISSION_RATE);
		}
		// further gateway settings to compare, e.g.
		// -Dbench.gatewaySettings=server.jetty.threads.max=32
		String extraSettings = System.getProperty("bench.gatewaySettings", "");
		if (!extraSettings.isBlank()) {
			settings.addAll(List.of(extraSettings.split(",")));
		}
		results.put("gatewaySettings", settings);
		List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx2g", "-XX:+UseParallelGC"));
		// e.g. -Dbench.gatewayJvm=-XX:StartFlightRecording=filename=/tmp/gateway-%p.jfr
		String extra = System.getProperty("bench.gatewayJvm", "");
		if (!extra.isBlank()) {
			jvm.addAll(List.of(extra.split(" ")));
		}
		try (LabelApi api = LabelApi.start()) {
			List<AppProcess> gateways = new ArrayList<>();
			try {
				for (int i = 0; i < GATEWAYS; i++) {
					gateways.add(Gateways.start(jvm, AppProcess.freePort(),
							"failover-" + (char) ('a' + i) + "-" + freshCamera(), api,
							settings.toArray(String[]::new)));
				}
				results.putAll(run(api, gateways));
			}
			finally {
				for (AppProcess gateway : gateways) {
					gateway.close();
				}
			}
		}
		String report = json.writerWithDefaultPrettyPrinter().writeValueAsString(results);
		Path out = Path.of("target", "benchmarks", "failover-" + SESSIONS + ".json");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println("failover benchmark (" + out.toAbsolutePath() + "):\n" + report);
	}

	private Map<String, Object> run(LabelApi api, List<AppProcess> gateways) throws Exception {
		Map<String, Object> results = new LinkedHashMap<>();
		List<String> cameras = new ArrayList<>();
		for (int i = 0; i < CAMERAS; i++) {
			cameras.add(freshCamera());
		}
		Map<String, String> tokens = tokens(api, cameras);
		List<Integer> ports = gateways.stream().map(AppProcess::port).toList();
		AppProcess doomed = gateways.get(0);
		try (ResumingClients clients = new ResumingClients(1000, 30_000)) {
			long connecting = System.nanoTime();
			for (int i = 0; i < SESSIONS; i++) {
				String camera = cameras.get(i % CAMERAS);
				clients.add(camera, tokens.get(camera), ports);
				int added = i + 1;
				if (added % OPENING_BATCH == 0) {
					// at most a few batches opening at once: thousands of connections at
					// the same instant overflow the gateway's accept queue, and the
					// clients that fail move on to the next gateway, not on A as meant
					awaitUntil(() -> clients.count((client) -> client.hellos > 0) >= added - 4 * OPENING_BATCH,
							Duration.ofMinutes(2),
							() -> clients.count((client) -> client.hellos > 0) + " of " + added + " sessions opened");
				}
			}
			for (int g = 1; g < GATEWAYS; g++) {
				List<Integer> survivorFirst = rotate(ports, g);
				for (String camera : cameras) {
					for (int s = 0; s < SURVIVOR_SESSIONS_PER_CAMERA; s++) {
						clients.add(camera, tokens.get(camera), survivorFirst);
					}
				}
			}
			int total = clients.clients().size();
			awaitUntil(() -> clients.count((client) -> client.hellos > 0) == total, Duration.ofMinutes(5),
					() -> clients.count((client) -> client.hellos > 0) + " of " + total + " sessions opened");
			results.put("secondsToOpenAllSessions", seconds(System.nanoTime() - connecting));
			List<Client> onDoomed = clients.clients()
				.stream()
				.filter((client) -> client.connectedPort == doomed.port())
				.toList();
			results.put("sessionsOnKilledGateway", onDoomed.size());

			Writer writer = new Writer(api, cameras);
			writer.start();
			try {
				Thread.sleep(5_000); // the stream flows before the kill
				long postsBefore = writer.latencies.size();
				Map<String, Double> cpuBefore = new CpuUsage(named(api, gateways)).snapshot();
				double historyCallsBefore = historyCalls(api);
				long deferralsBefore = onDoomed.stream().mapToLong((client) -> client.deferrals).sum();
				writer.latencies.clear();

				long killedAt = System.nanoTime();
				doomed.kill();
				awaitUntil(() -> onDoomed.stream().allMatch((client) -> client.helloAtNanos > killedAt), STORM_LIMIT,
						() -> onDoomed.stream().filter((client) -> client.helloAtNanos > killedAt).count() + " of "
								+ onDoomed.size() + " sessions back");
				long stormNanos = System.nanoTime() - killedAt;
				Map<String, Double> cpuAfter = new CpuUsage(named(api, gateways)).snapshot();
				double historyCalls = historyCalls(api) - historyCallsBefore;
				List<Long> stormPosts = List.copyOf(writer.latencies);

				long[] backAfter = onDoomed.stream()
					.mapToLong((client) -> client.helloAtNanos - killedAt)
					.sorted()
					.toArray();
				Map<String, Object> storm = new LinkedHashMap<>();
				storm.put("resumedP50Seconds", seconds(Percentiles.at(backAfter, 0.50)));
				storm.put("resumedP99Seconds", seconds(Percentiles.at(backAfter, 0.99)));
				storm.put("resumedAllSeconds", seconds(Percentiles.at(backAfter, 1.0)));
				storm.put("resumedWithEvents", onDoomed.stream().filter((client) -> client.recovered).count());
				storm.put("refusedHandshakes", onDoomed.stream().mapToLong((client) -> client.refusals).sum());
				storm.put("deferrals",
						onDoomed.stream().mapToLong((client) -> client.deferrals).sum() - deferralsBefore);
				storm.put("labelApiHistoryCalls", Math.round(historyCalls));
				storm.put("cpuSeconds", cpuSpent(cpuBefore, cpuAfter));
				storm.put("postsBeforeTheKill", postsBefore);
				storm.put("postLatencyDuringStormMs", percentiles(stormPosts));
				results.put("storm", storm);
				writer.latencies.clear();
				Thread.sleep(3_000); // and it goes on flowing
			}
			finally {
				writer.stop();
			}
			results.put("labelChanges", writer.sent.get());
			results.put("postLatencyAfterMs", percentiles(List.copyOf(writer.latencies)));
			// a client told to resync would reload the labels; this one starts again at
			// the next event, which may never come once the writer stopped
			Predicate<Client> upToDate = (client) -> client.lastSeq == writer.latest(client.camera)
					|| (client.lastSeq < 0 && client.resyncs > 0);
			awaitUntil(() -> clients.clients().stream().allMatch(upToDate), Duration.ofMinutes(1),
					() -> clients.count(upToDate.negate()) + " sessions behind, such as "
							+ clients.clients()
								.stream()
								.filter(upToDate.negate())
								.limit(5)
								.map((client) -> client.camera + " at seq " + client.lastSeq + " of "
										+ writer.latest(client.camera) + " on port " + client.connectedPort + " after "
										+ client.hellos + " hellos" + (client.recovered ? " (recovered)" : ""))
								.toList());
			results.put("eventsLost", clients.clients().stream().mapToLong((client) -> client.lost).sum());
			results.put("duplicates", clients.clients().stream().mapToLong((client) -> client.duplicates).sum());
			results.put("resyncs", clients.clients().stream().mapToLong((client) -> client.resyncs).sum());
			Map<String, Object> survivors = new LinkedHashMap<>();
			for (AppProcess survivor : gateways.subList(1, gateways.size())) {
				survivors.put("port " + survivor.port(),
						Map.of("sessions", clients.count((client) -> client.connectedPort == survivor.port()),
								"heapAfterGcMiB", Math.round(survivor.heapAfterGc() / 1024.0 / 1024.0), "rssMiB",
								Math.round(survivor.rss() / 1024.0 / 1024.0)));
			}
			results.put("survivors", survivors);
		}
		return results;
	}

	private static Map<String, String> tokens(LabelApi api, List<String> cameras) throws Exception {
		Map<String, String> tokens = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			for (String camera : cameras) {
				pool.execute(() -> tokens.put(camera, api.clientToken(camera)));
			}
		}
		finally {
			pool.shutdown();
			pool.awaitTermination(5, TimeUnit.MINUTES);
		}
		if (tokens.size() != cameras.size()) {
			throw new IllegalStateException("only " + tokens.size() + " client tokens issued");
		}
		return tokens;
	}

	private static Map<String, AppProcess> named(LabelApi api, List<AppProcess> gateways) {
		Map<String, AppProcess> named = new LinkedHashMap<>();
		named.put("label-api", api.process());
		for (int i = 1; i < gateways.size(); i++) {
			named.put("gateway-" + (char) ('a' + i), gateways.get(i));
		}
		return named;
	}

	private static Map<String, Double> cpuSpent(Map<String, Double> before, Map<String, Double> after) {
		Map<String, Double> spent = new LinkedHashMap<>();
		after.forEach((name, seconds) -> spent.put(name,
				Math.round((seconds - before.getOrDefault(name, 0.0)) * 100) / 100.0));
		return spent;
	}

	// label-api's count of history and latest-seq calls answered so far
	private static double historyCalls(LabelApi api) throws Exception {
		String metrics = Stages.scrape(api.process());
		double calls = 0;
		Matcher matcher = HISTORY_CALLS.matcher(metrics);
		while (matcher.find()) {
			calls += Double.parseDouble(matcher.group(2));
		}
		return calls;
	}

	private static List<Integer> rotate(List<Integer> ports, int first) {
		List<Integer> rotated = new ArrayList<>();
		for (int i = 0; i < ports.size(); i++) {
			rotated.add(ports.get((first + i) % ports.size()));
		}
		return rotated;
	}

	private static Map<String, Object> percentiles(List<Long> nanos) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("count", sorted.length);
		if (sorted.length > 0) {
			result.put("p50", millis(Percentiles.at(sorted, 0.50)));
			result.put("p99", millis(Percentiles.at(sorted, 0.99)));
			result.put("max", millis(Percentiles.at(sorted, 1.0)));
		}
		return result;
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}

	private static double seconds(long nanos) {
		return Math.round(nanos / 10_000_000.0) / 100.0;
	}

	private static void awaitUntil(java.util.function.BooleanSupplier done, Duration limit,
			java.util.function.Supplier<String> progress) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		long nextReport = System.nanoTime();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not done within " + limit + ": " + progress.get());
			}
			if (System.nanoTime() >= nextReport) {
				System.out.println("failover: " + progress.get());
				nextReport = System.nanoTime() + 5_000_000_000L;
			}
			Thread.sleep(50); // a benchmark's progress poll, not a test's synchronisation
		}
	}

	/**
	 * The admin's back end: label changes at a steady rate, round robin over the cameras.
	 */
	private static final class Writer {

		private final LabelApi api;

		private final List<String> cameras;

		private final Map<String, AtomicLong> created = new ConcurrentHashMap<>();

		final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

		final AtomicLong sent = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService posters = Executors.newFixedThreadPool(8);

		private final Thread pacer;

		Writer(LabelApi api, List<String> cameras) {
			this.api = api;
			this.cameras = cameras;
			this.pacer = new Thread(this::pace, "failover-writer");
		}

		void start() {
			this.pacer.start();
		}

		long latest(String camera) {
			AtomicLong count = this.created.get(camera);
			return (count != null) ? count.get() : 0;
		}

		private void pace() {
			long interval = 1_000_000_000L / RATE;
			long next = System.nanoTime();
			int i = 0;
			while (this.running.get()) {
				String camera = this.cameras.get(i++ % this.cameras.size());
				this.posters.execute(() -> {
					long start = System.nanoTime();
					this.api.create(camera, "failover", 1, 2);
					this.latencies.add(System.nanoTime() - start);
					this.created.computeIfAbsent(camera, (key) -> new AtomicLong()).incrementAndGet();
					this.sent.incrementAndGet();
				});
				next += interval;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					try {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.pacer.join();
			this.posters.shutdown();
			this.posters.awaitTermination(2, TimeUnit.MINUTES);
		}

	}

}
