package com.labelpush.localrun;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one-command run with nothing but Java: embedded PostgreSQL and AMQP broker,
 * label-api and two gateways; a label written through the API reaches a client of each
 * gateway; a stop (Ctrl-C sends the same signal to the launcher) leaves nothing running.
 */
class LocalRunTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldRunTheWholeSystemOnEmbeddedServicesAndLeaveNothingBehind() throws Exception {
		int base = freeBasePort();
		File log = Files.createTempFile("local-run", ".log").toFile();
		Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LocalRun.class.getName(), "--embedded", "--base-port=" + base)
			.directory(new File(".."))
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
				String output = Files.readString(log.toPath());
				assertThat(run.isAlive()).as(output).isTrue();
				return output.contains("label push is running");
			});
			String output = Files.readString(log.toPath());
			assertThat(output).contains("embedded PostgreSQL", "embedded AMQP broker (Apache Qpid Broker-J)",
					"dev-admin-key", "http://localhost:" + base + "/#key=dev-admin-key");

			String token = post(base, "/api/client-tokens", "{\"cameraId\":\"cam-7\"}").split("\"token\":\"")[1]
				.split("\"")[0];
			Client first = Client.connect(base + 1, token);
			Client second = Client.connect(base + 2, token);
			post(base, "/api/labels", "{\"cameraId\":\"cam-7\",\"name\":\"north door\",\"x\":600,\"y\":400}");

			assertThat(first.next()).contains("\"type\":\"label.created\"", "north door");
			assertThat(second.next()).contains("\"type\":\"label.created\"", "north door");
		}
		finally {
			run.destroy();
			assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
		}
		for (int port = base; port <= base + 2; port++) {
			assertThat(Ports.answers(port)).as("port %d after the stop", port).isFalse();
		}
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains("--server.port=" + base))
			.count()).isZero();
		assertThat(Files.readString(log.toPath())).contains("stopping");
	}

	private static String post(int port, String path, String body) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer dev-admin-key")
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
		return response.body();
	}

	private static int freeBasePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int base = ThreadLocalRandom.current().nextInt(20000, 30000);
			if (!Ports.answers(base) && !Ports.answers(base + 1) && !Ports.answers(base + 2)) {
				return base;
			}
		}
		throw new IllegalStateException("no three free ports in a row");
	}

	/** A desktop client: hello first, then the events. */
	private static final class Client implements WebSocket.Listener {

		private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		static Client connect(int port, String token) throws Exception {
			Client client = new Client();
			http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/label/cam-7?token=" + token), client)
				.join();
			assertThat(client.next()).contains("\"type\":\"hello\"");
			return client;
		}

		String next() throws InterruptedException {
			String frame = this.frames.poll(30, TimeUnit.SECONDS);
			assertThat(frame).as("a frame within 30 s").isNotNull();
			return frame;
		}

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.frames.add(data.toString());
			socket.request(1);
			return null;
		}

	}

}
