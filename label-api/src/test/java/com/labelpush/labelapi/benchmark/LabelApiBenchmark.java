package com.labelpush.labelapi.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelSnapshot;
import com.labelpush.labelapi.LabelApiApplication;
import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.CameraQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On-demand benchmark of label-api against the local PostgreSQL and RabbitMQ: POST
 * throughput and latency at 1, 4 and 16 clients, relay drain rate from a 50,000-event
 * backlog, and commit-to-confirm latency at 500 creates/s. Prints the figures and writes
 * them to {@code target/benchmarks/label-api.json}. Run with
 * {@code ./mvnw -B -pl label-api -am -Pbenchmark verify}; it asserts nothing, figures are
 * compared by a human, ratio to ratio, because this machine is shared and noisy.
 */
class LabelApiBenchmark {

	private static final String SCHEMA = "label_api_bench";

	private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));

	private static final Duration WARM_UP = Duration.ofSeconds(3);

	private static final int BACKLOG = Integer.getInteger("bench.backlog", 50_000);

	private static final int PACED_RATE = 500;

	private static final List<String> SECTIONS = List
		.of(System.getProperty("bench.sections", "post,drain,confirm").split(","));

	private static final JsonMapper json = JsonMapper.builder().disable(SerializationFeature.INDENT_OUTPUT).build();

	private static ConfigurableApplicationContext app;

	private static Api api;

	private static JdbcTemplate jdbc;

	private final Map<String, Object> results = new LinkedHashMap<>();

	@BeforeAll
	static void start() {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--test.schema=" + SCHEMA, "--logging.level.root=warn"));
		// Extra application arguments, to compare settings:
		// -Dbench.args=--labels.outbox.batch-size=1000
		String extra = System.getProperty("bench.args", "");
		if (!extra.isBlank()) {
			args.addAll(List.of(extra.split(" ")));
		}
		// the test profile's credentials (the API key Api sends, the client-token key)
		app = new SpringApplicationBuilder(LabelApiApplication.class).profiles("test").run(args.toArray(String[]::new));
		api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
		jdbc = app.getBean(JdbcTemplate.class);
		jdbc.execute("TRUNCATE label, label_event, camera_sequence, idempotency_key");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void benchmark() throws Exception {
		this.results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version"), "runSeconds", RUN.toSeconds()));
		if (SECTIONS.contains("post")) {
			List<Map<String, Object>> posts = new ArrayList<>();
			for (int clients : new int[] { 1, 4, 16 }) {
				posts.add(postThroughput(clients));
			}
			this.results.put("post", posts);
		}
		if (SECTIONS.contains("drain")) {
			this.results.put("drain", drainBacklog());
		}
		if (SECTIONS.contains("confirm")) {
			this.results.put("commitToConfirmAt500PerSecond", commitToConfirmAtPacedRate());
		}
		String report = json.writerWithDefaultPrettyPrinter().writeValueAsString(this.results);
		Path out = Path.of("target", "benchmarks", "label-api.json");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println("label-api benchmark (" + out.toAbsolutePath() + "):\n" + report);
	}

	private Map<String, Object> postThroughput(int clients) throws Exception {
		runClients(clients, WARM_UP);
		List<long[]> latencies = runClients(clients, RUN);
		long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("clients", clients);
		figures.put("requests", all.length);
		figures.put("perSecond", Math.round(all.length / (double) RUN.toSeconds()));
		figures.putAll(percentilesMillis(all));
		System.out.println("POST x" + clients + ": " + figures);
		return figures;
	}

	// Each client POSTs back to back for the duration, on cameras of its own so
	// that they contend on the database as a real admin load would, not on one
	// camera's sequence row.
	private List<long[]> runClients(int clients, Duration duration) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<long[]>> futures = new ArrayList<>();
			long end = System.nanoTime() + duration.toNanos();
			for (int c = 0; c < clients; c++) {
				futures.add(pool.submit(() -> {
					List<Long> samples = new ArrayList<>();
					while (System.nanoTime() < end) {
						String camera = "bench-" + ThreadLocalRandom.current().nextInt(200);
						long start = System.nanoTime();
						int status = api.post("/api/labels", Api.label(camera, "bench", 10, 20)).status();
						if (status != 201) {
							throw new IllegalStateException("POST answered " + status);
						}
						samples.add(System.nanoTime() - start);
					}
					return samples.stream().mapToLong(Long::longValue).toArray();
				}));
			}
			List<long[]> results = new ArrayList<>();
			for (Future<long[]> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdown();
		}
	}

	private Map<String, Object> drainBacklog() throws Exception {
		awaitBacklog(0, Duration.ofMinutes(2));
		SmartLifecycle relay = app.getBean("outboxRelay", SmartLifecycle.class);
		relay.stop();
		List<CameraId> cameras = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			cameras.add(CameraId.of("drain-" + i));
		}
		insertBacklog(cameras);
		try (CameraQueue queue = CameraQueue.bind(cameras.toArray(CameraId[]::new))) {
			long start = System.nanoTime();
			relay.start();
			awaitBacklog(0, Duration.ofMinutes(5));
			double seconds = (System.nanoTime() - start) / 1e9;
			queue.next(BACKLOG, Duration.ofMinutes(1));
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("events", BACKLOG);
			figures.put("seconds", round(seconds));
			figures.put("perSecond", Math.round(BACKLOG / seconds));
			System.out.println("drain: " + figures);
			return figures;
		}
	}

	private void insertBacklog(List<CameraId> cameras) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<Object[]> rows = new ArrayList<>();
		long[] seqs = new long[cameras.size()];
		for (int i = 0; i < BACKLOG; i++) {
			int c = i % cameras.size();
			CameraId camera = cameras.get(c);
			long seq = ++seqs[c];
			LabelSnapshot label = new LabelSnapshot(UUID.randomUUID(), camera, "drain", null, 1, 2, 50, 50,
					Map.of("color", "red"), 1, now, now);
			LabelEvent event = new LabelEvent(EventType.CREATED, UUID.randomUUID(), camera, seq, now, label);
			rows.add(new Object[] { event.eventId(), camera.value(), seq, "label.created", Timestamp.from(now),
					json.writeValueAsString(event) });
		}
		jdbc.batchUpdate("""
				WITH event AS (
				    INSERT INTO label_event (event_id, camera_id, seq, type, occurred_at, payload)
				    VALUES (?, ?, ?, ?, ?, ?) RETURNING position, occurred_at)
				INSERT INTO outbox (position, occurred_at) SELECT position, occurred_at FROM event
				""", rows);
	}

	private Map<String, Object> commitToConfirmAtPacedRate() throws Exception {
		awaitBacklog(0, Duration.ofMinutes(2));
		CommitToConfirm commitToConfirm = new CommitToConfirm(app.getBean(MeterRegistry.class));
		CountAtBucket[] before = commitToConfirm.buckets();
		long interval = 1_000_000_000L / PACED_RATE;
		long total = PACED_RATE * RUN.toSeconds();
		ExecutorService senders = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> sent = new ArrayList<>();
			long start = System.nanoTime();
			for (long i = 0; i < total; i++) {
				long due = start + i * interval;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					java.util.concurrent.locks.LockSupport.parkNanos(wait);
				}
				String camera = "paced-" + (i % 50);
				sent.add(senders.submit(() -> api.post("/api/labels", Api.label(camera, "paced", 1, 1)).status()));
			}
			for (Future<Integer> status : sent) {
				status.get();
			}
			double achieved = total / ((System.nanoTime() - start) / 1e9);
			awaitBacklog(0, Duration.ofMinutes(1));
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("targetPerSecond", PACED_RATE);
			figures.put("achievedPerSecond", Math.round(achieved));
			figures.put("events", total);
			figures.putAll(commitToConfirm.since(before));
			System.out.println("commit-to-confirm at " + PACED_RATE + "/s: " + figures);
			return figures;
		}
		finally {
			senders.shutdown();
		}
	}

	/**
	 * The relay's commit-to-confirm histogram, read the way Prometheus reads it: the
	 * difference of the cumulative bucket counts over the run, each quantile reported as
	 * the upper bound of the bucket it falls in.
	 */
	private record CommitToConfirm(Timer timer) {

		CommitToConfirm(MeterRegistry registry) {
			this(registry.get("labels.outbox.commit.to.confirm").timer());
		}

		CountAtBucket[] buckets() {
			return this.timer.takeSnapshot().histogramCounts();
		}

		Map<String, Object> since(CountAtBucket[] before) {
			CountAtBucket[] after = buckets();
			double total = after[after.length - 1].count() - before[before.length - 1].count();
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("p50Ms", quantile(before, after, total, 0.50));
			figures.put("p90Ms", quantile(before, after, total, 0.90));
			figures.put("p99Ms", quantile(before, after, total, 0.99));
			figures.put("bucketResolution", "upper bound of the histogram bucket");
			return figures;
		}

		private static double quantile(CountAtBucket[] before, CountAtBucket[] after, double total, double q) {
			for (int i = 0; i < after.length; i++) {
				if (after[i].count() - before[i].count() >= q * total) {
					return round(after[i].bucket(TimeUnit.MILLISECONDS));
				}
			}
			return Double.NaN;
		}

	}

	private static void awaitBacklog(long count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class) > count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("outbox not drained within " + timeout);
			}
			Thread.sleep(20);
		}
	}

	private static Map<String, Object> percentilesMillis(long[] sortedNanos) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("p50Ms", round(at(sortedNanos, 0.50) / 1e6));
		figures.put("p90Ms", round(at(sortedNanos, 0.90) / 1e6));
		figures.put("p99Ms", round(at(sortedNanos, 0.99) / 1e6));
		figures.put("maxMs", round(sortedNanos[sortedNanos.length - 1] / 1e6));
		return figures;
	}

	private static long at(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
