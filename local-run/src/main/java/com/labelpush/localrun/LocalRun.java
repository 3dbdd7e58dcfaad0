package com.labelpush.localrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs label-api and two push-gateway replicas with the development profile
 * {@code local}, against the local PostgreSQL and RabbitMQ or, when they do not answer,
 * embedded ones. Ctrl-C stops everything it started.
 * <p>
 * Options: {@code --embedded} uses the embedded database and broker even when local ones
 * answer; {@code --base-port=N} puts label-api on N and the gateways on N+1 and N+2
 * (default 8080).
 */
public final class LocalRun {

	private static final Logger logger = LoggerFactory.getLogger(LocalRun.class);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private LocalRun() {
	}

	public static void main(String[] args) throws Exception {
		boolean embedded = List.of(args).contains("--embedded");
		int basePort = List.of(args)
			.stream()
			.filter((arg) -> arg.startsWith("--base-port="))
			.map((arg) -> Integer.parseInt(arg.substring("--base-port=".length())))
			.findFirst()
			.orElse(8080);
		List<AutoCloseable> started = new ArrayList<>();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			logger.info("stopping");
			stopAll(started);
			stopped.countDown();
		}, "local-run-stop"));
		try {
			Database database = Database.start(embedded);
			started.add(database);
			Broker broker = Broker.start(embedded);
			started.add(broker);
			logger.info("database: " + database.description());
			logger.info("broker:   " + broker.description());
			List<String> common = List.of("spring.profiles.active=local", "spring.rabbitmq.port=" + broker.port());
			// the gateways' camera view reloads labels from label-api: cross-origin
			String viewOrigins = String.join(",", "http://localhost:" + (basePort + 1),
					"http://127.0.0.1:" + (basePort + 1), "http://localhost:" + (basePort + 2),
					"http://127.0.0.1:" + (basePort + 2));
			ChildApp api = ChildApp.start("label-api", "label-api", basePort, List.of("-Xmx512m"), concat(common,
					"spring.datasource.url=" + database.url(), "labels.web.cors-allowed-origins=" + viewOrigins));
			started.add(api);
			api.awaitReady(START_TIMEOUT);
			List<ChildApp> gateways = new ArrayList<>();
			for (int i = 1; i <= 2; i++) {
				ChildApp gateway = ChildApp.start("push-gateway-" + i, "push-gateway", basePort + i,
						List.of("-Xmx512m", "-XX:+UseParallelGC"), concat(common, "gateway.instance-id=local-" + i,
								"gateway.history.base-url=http://127.0.0.1:" + basePort));
				started.add(gateway);
				gateways.add(gateway);
			}
			for (ChildApp gateway : gateways) {
				gateway.awaitReady(START_TIMEOUT);
			}
			banner(basePort, database, broker);
		}
		catch (Exception ex) {
			logger.error("the run could not start: " + ex.getMessage(), ex);
			System.exit(1);
		}
		stopped.await();
	}

	private static void banner(int basePort, Database database, Broker broker) {
		String api = "http://localhost:" + basePort;
		logger
			.info("""

					label push is running (Ctrl-C stops everything)

					  admin page     %s/#key=dev-admin-key&camera=cam-7&gateway=http://localhost:%d
					                 (Create labels, then 'Camera view link': the view draws them live)
					  API            %s/api/labels   OpenAPI: %s/swagger-ui.html
					  gateways       ws://localhost:%d/ws/label/{cameraId}?token=..   ws://localhost:%d/ws/label/{cameraId}?token=..
					  credentials    admin API key: dev-admin-key   gateway API key: dev-gateway-key   (DEVELOPMENT ONLY)
					  client token   curl -s -H 'Authorization: Bearer dev-admin-key' -H 'Content-Type: application/json' \\
					                   %s/api/client-tokens -d '{"cameraId":"cam-7"}'
					  database       %s
					  broker         %s
					"""
				.formatted(api, basePort + 1, api, api, basePort + 1, basePort + 2, api, database.description(),
						broker.description()));
	}

	private static List<String> concat(List<String> common, String... more) {
		List<String> all = new ArrayList<>(common);
		all.addAll(List.of(more));
		return all;
	}

	// Gateways first (they drain), then label-api, then the services under them.
	private static void stopAll(List<AutoCloseable> started) {
		for (int i = started.size() - 1; i >= 0; i--) {
			try {
				started.get(i).close();
			}
			catch (Exception ex) {
				logger.warn("stopping " + started.get(i) + ": " + ex.getMessage());
			}
		}
	}

}
