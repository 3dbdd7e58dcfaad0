package com.labelpush.gateway.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelEvent;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.events.LabelSnapshot;
import com.labelpush.gateway.support.GatewayProcess;
import com.labelpush.gateway.support.TestTokens;
import com.labelpush.testsupport.TestServices;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

/**
 * On-demand benchmark of one push-gateway process against the local RabbitMQ: memory per
 * idle connection at 10,000 sessions, and delivery lag for one camera with 1,000 sessions
 * at 100 events/s and for 5,000 sessions over 1,000 cameras. Prints the figures and
 * writes them to {@code target/benchmarks/push-gateway-<container>.json}. Run with
 * {@code ./mvnw -B -pl push-gateway -am -Pbenchmark verify} (Tomcat) and add
 * {@code ,jetty} to the profiles for Jetty. Lag is measured from the publisher's send
 * (System.nanoTime, shared by processes on one machine) to the client's receipt, so it
 * includes the broker.
 */
class GatewayBenchmark {

	private static final int IDLE_SESSIONS = Integer.getInteger("bench.idleSessions", 10_000);

	private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));

	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private static final JsonMapper json = JsonMapper.builder().build();

	// sessions open as fast as the gateway takes them, not at its admission rate
	private static final String UNLIMITED_HANDSHAKES = "gateway.limits.new-sessions-per-second=1000000";

	private final String container = ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null) ? "tomcat"
			: "jetty";

	@Test
	void benchmark() throws Exception {
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("container", this.container);
		results.put("machine",
				Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version"),
						"gatewayJvm",
						("-Xms256m -Xmx1g -XX:+UseParallelGC " + System.getProperty("bench.gatewayJvm", "")).trim()));
		List<String> sections = List.of(System.getProperty("bench.sections", "idle,one,many").split(","));
		if (sections.contains("idle")) {
			results.put("idleMemory", idleMemory());
		}
		if (sections.contains("one")) {
			results.put("fanOutOneCamera", fanOut(1, 1_000, 100));
		}
		if (sections.contains("many")) {
			results.put("fanOutManyCameras", fanOut(1_000, 5, 100));
		}
		String report = json.writerWithDefaultPrettyPrinter().writeValueAsString(results);
		Path out = Path.of("target", "benchmarks", "push-gateway-" + this.container + ".json");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println("push-gateway benchmark (" + out.toAbsolutePath() + "):\n" + report);
	}

	private Map<String, Object> idleMemory() throws Exception {
		try (GatewayProcess gateway = GatewayProcess.start("bench-idle-" + this.container, UNLIMITED_HANDSHAKES)) {
			try (RawClients warmUp = new RawClients(new ConcurrentLinkedQueue<>())) {
				warmUp.open(gateway.port(), paths(200, prefix("warm"), 20));
			}
			long heapBefore = gateway.heapAfterGc();
			long rssBefore = gateway.rss();
			RawClients clients = new RawClients(new ConcurrentLinkedQueue<>());
			clients.open(gateway.port(), paths(IDLE_SESSIONS, prefix("idle"), 1_000));
			long heapAfter = gateway.heapAfterGc();
			long rssAfter = gateway.rss();
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("sessions", clients.size());
			figures.put("heapBeforeMiB", mib(heapBefore));
			figures.put("heapAfterMiB", mib(heapAfter));
			figures.put("heapPerSessionKiB", round((heapAfter - heapBefore) / 1024.0 / clients.size()));
			figures.put("rssBeforeMiB", mib(rssBefore));
			figures.put("rssAfterMiB", mib(rssAfter));
			figures.put("rssPerSessionKiB", round((rssAfter - rssBefore) / 1024.0 / clients.size()));
			System.out.println("idle memory: " + figures);
			clients.close();
			return figures;
		}
	}

	private Map<String, Object> fanOut(int cameras, int sessionsPerCamera, int eventsPerSecond) throws Exception {
		try (GatewayProcess gateway = GatewayProcess.start("bench-fanout-" + this.container, UNLIMITED_HANDSHAKES);
				Publisher publisher = new Publisher()) {
			ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
			String prefix = prefix("fan");
			RawClients clients = new RawClients(lags);
			clients.open(gateway.port(), paths(cameras * sessionsPerCamera, prefix, cameras));
			long[] seqs = new long[cameras];
			// A warm-up at the same rate first, so the JIT has compiled the send path;
			// its frames are not counted.
			publishAtRate(publisher, prefix, cameras, seqs, eventsPerSecond, WARM_UP);
			awaitFrames(lags, eventsPerSecond * WARM_UP.toSeconds() * sessionsPerCamera);
			lags.clear();
			long total = eventsPerSecond * RUN.toSeconds();
			publishAtRate(publisher, prefix, cameras, seqs, eventsPerSecond, RUN);
			long expected = total * sessionsPerCamera;
			awaitFrames(lags, expected);
			long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("cameras", cameras);
			figures.put("sessions", clients.size());
			figures.put("eventsPerSecond", eventsPerSecond);
			figures.put("framesExpected", expected);
			figures.put("framesReceived", sorted.length);
			figures.put("lagP50Ms", round(at(sorted, 0.50) / 1e6));
			figures.put("lagP99Ms", round(at(sorted, 0.99) / 1e6));
			figures.put("lagMaxMs", round(sorted[sorted.length - 1] / 1e6));
			System.out.println("fan-out: " + figures);
			clients.close();
			return figures;
		}
	}

	private static void publishAtRate(Publisher publisher, String prefix, int cameras, long[] seqs, int eventsPerSecond,
			Duration duration) throws Exception {
		long interval = 1_000_000_000L / eventsPerSecond;
		long total = eventsPerSecond * duration.toSeconds();
		long start = System.nanoTime();
		for (long i = 0; i < total; i++) {
			long wait = start + i * interval - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			int camera = (int) (i % cameras);
			publisher.publish(prefix + "-" + camera, ++seqs[camera]);
		}
	}

	private static void awaitFrames(ConcurrentLinkedQueue<Long> lags, long expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (lags.size() < expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	// Session i watches camera i % cameras.
	private static List<String> paths(int sessions, String prefix, int cameras) {
		List<String> tokens = new ArrayList<>();
		for (int camera = 0; camera < Math.min(sessions, cameras); camera++) {
			tokens.add(TestTokens.forCamera(prefix + "-" + camera));
		}
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			paths.add("/ws/label/" + prefix + "-" + (i % cameras) + "?token=" + tokens.get(i % cameras));
		}
		return paths;
	}

	private static String prefix(String name) {
		return name + UUID.randomUUID().toString().substring(0, 6);
	}

	private static double mib(long bytes) {
		return round(bytes / 1024.0 / 1024.0);
	}

	private static long at(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/**
	 * Publishes events stamped with their send time, as label-api's relay would publish
	 * them.
	 */
	private static final class Publisher implements AutoCloseable {

		private final Connection connection;

		private final Channel channel;

		private final AtomicLong sent = new AtomicLong();

		Publisher() throws Exception {
			this.connection = TestServices.rabbitmqConnections().newConnection("push-gateway-benchmark");
			this.channel = this.connection.createChannel();
			this.channel.exchangeDeclare(LabelEventsTopology.EXCHANGE, "topic", true);
		}

		void publish(String camera, long seq) throws Exception {
			CameraId cameraId = CameraId.of(camera);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			LabelSnapshot label = new LabelSnapshot(UUID.randomUUID(), cameraId, "bench", null, 600, 800, 50, 50,
					Map.of("sentNanos", String.valueOf(System.nanoTime())), 1, now, now);
			byte[] body = json
				.writeValueAsBytes(new LabelEvent(EventType.CREATED, UUID.randomUUID(), cameraId, seq, now, label));
			this.channel.basicPublish(LabelEventsTopology.EXCHANGE,
					LabelEventsTopology.routingKey(cameraId, EventType.CREATED), false,
					new AMQP.BasicProperties.Builder().contentType("application/json").build(), body);
			this.sent.incrementAndGet();
		}

		@Override
		public void close() throws Exception {
			this.connection.close();
		}

	}

}
