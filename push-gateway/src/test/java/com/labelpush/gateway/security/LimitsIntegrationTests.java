package com.labelpush.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.RefusedHandshakes;
import com.labelpush.gateway.support.TestTokens;
import com.labelpush.gateway.support.WsClient.Closed;
import com.labelpush.gateway.support.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Each limit refuses clearly, is counted, and lets clients in again once it allows; a
 * refused client holds nothing for long.
 */
class LimitsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	// WebSocketSharp fails on problem+json without a charset
	private static final String PROBLEM_JSON = "application/problem+json;charset=UTF-8";

	@Test
	void shouldRefuseSessionsBeyondTheInstanceMaximumUntilOneLeaves() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("capacity-" + freshCamera(),
				"gateway.limits.max-sessions=2");
		int port = Gateways.port(gateway);
		String camera = freshCamera();
		try (WsClient first = WsClient.connect(port, camera); WsClient second = WsClient.connect(port, camera)) {
			first.nextJson(WAIT);
			second.nextJson(WAIT);

			HttpResponse<?> refusal = WsClient.refusal(port,
					"/ws/label/" + camera + "?token=" + TestTokens.forCamera(camera));
			assertThat(refusal.statusCode()).isEqualTo(503);
			assertThat(refusal.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(refusal.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
			assertThat(refused(gateway, "at_capacity")).isOne();

			first.close();
			await().atMost(WAIT).untilAsserted(() -> {
				try (WsClient third = WsClient.connect(port, camera)) {
					assertThat(third.nextJson(WAIT).get("type").asString()).isEqualTo("hello");
				}
			});
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldLetEverySessionFromOneAddressInButAnswer429OnceItsHandshakesAreRefusedTooOften() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("rate-" + freshCamera(),
				"gateway.limits.refused-handshakes-per-second-per-address=5");
		int port = Gateways.port(gateway);
		String path = "/ws/label/" + freshCamera();
		try {
			// The desktops of a site behind one NAT address: sessions that open cost the
			// address nothing.
			String camera = freshCamera();
			for (int i = 0; i < 20; i++) {
				try (WsClient client = WsClient.connect(port, camera)) {
					assertThat(client.nextJson(WAIT).get("type").asString()).as("session %d", i).isEqualTo("hello");
				}
			}

			// No token: each refused handshake within the limit is upgraded and closed
			// with 4401, the rest get 429 without an upgrade.
			List<Integer> answers = new ArrayList<>();
			HttpResponse<?> limited = null;
			while (limited == null && answers.size() < 50) {
				limited = rateLimited(port, path);
				answers.add((limited != null) ? limited.statusCode() : 4401);
			}
			assertThat(limited).as("a 429 among %s", answers).isNotNull();
			assertThat(limited.statusCode()).isEqualTo(429);
			assertThat(answers.subList(0, 5)).containsOnly(4401);
			assertThat(limited.headers().firstValue("Retry-After")).isPresent();
			assertThat(limited.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
			assertThat(refused(gateway, "rate_limited")).isPositive();

			await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> rateLimited(port, path) == null);
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldTellClientsBeyondTheAdmissionRateWhenToComeBackAndLetThemInWhenTheyDo() throws Exception {
		// 4 new sessions per second; refusals by the address limited to one per second,
		// so that a deferral counted against the address would show as a 429
		ConfigurableApplicationContext gateway = Gateways.start("admission-" + freshCamera(),
				"gateway.limits.new-sessions-per-second=4",
				"gateway.limits.refused-handshakes-per-second-per-address=1");
		int port = Gateways.port(gateway);
		String camera = freshCamera();
		List<WsClient> admitted = new CopyOnWriteArrayList<>();
		try {
			// when each deferred client was told to come back, as System.nanoTime()
			List<Long> comeBackAt = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				WsClient client = WsClient.connect(port, camera);
				Long wait = helloOrRetryIn(client);
				if (wait == null) {
					admitted.add(client);
				}
				else {
					comeBackAt.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait));
				}
			}
			assertThat(comeBackAt).as("deferred clients").hasSizeGreaterThanOrEqualTo(5);
			assertThat(refused(gateway, "deferred")).isEqualTo(comeBackAt.size());
			for (int i = 1; i < comeBackAt.size(); i++) {
				assertThat(comeBackAt.get(i) - comeBackAt.get(i - 1)).as("time between two clients' returns")
					.isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));
			}

			// each comes back when told, on its own, as a client does
			AtomicInteger deferredAgain = new AtomicInteger();
			ScheduledExecutorService returns = Executors.newScheduledThreadPool(comeBackAt.size());
			try {
				for (long at : comeBackAt) {
					returns.schedule(new Runnable() {
						@Override
						public void run() {
							try {
								WsClient client = WsClient.connect(port, camera);
								Long wait = helloOrRetryIn(client);
								if (wait == null) {
									admitted.add(client);
								}
								else {
									deferredAgain.incrementAndGet();
									returns.schedule(this, wait, TimeUnit.MILLISECONDS);
								}
							}
							catch (Exception ex) {
								throw new IllegalStateException(ex);
							}
						}
					}, at - System.nanoTime(), TimeUnit.NANOSECONDS);
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> admitted.size() == 10);
			}
			finally {
				returns.shutdownNow();
			}
			assertThat(deferredAgain).as("deferrals of clients that came back when told").hasValueLessThan(3);
			assertThat(refused(gateway, "rate_limited")).isZero();
		}
		finally {
			admitted.forEach(WsClient::close);
			gateway.close();
		}
	}

	// null when the client got hello, else the milliseconds the gateway told it to wait
	private static Long helloOrRetryIn(WsClient client) throws Exception {
		String first = client.firstTextOrClose(WAIT);
		if (first != null) {
			assertThat(first).contains("\"type\":\"hello\"");
			return null;
		}
		Closed closed = client.awaitClose(WAIT);
		assertThat(closed.code()).isEqualTo(4503);
		Matcher retryIn = Pattern.compile("^retry in (\\d+) ms").matcher(closed.reason());
		assertThat(retryIn.find()).as("a wait in '%s'", closed.reason()).isTrue();
		return Long.parseLong(retryIn.group(1));
	}

	@Test
	void shouldDropARefusedSocketWhoseClientNeverAnswersTheClose() throws Exception {
		assumeTrue(ClassUtils.isPresent("org.eclipse.jetty.server.Server", null),
				"Tomcat never times out a session closed while it opens; it keeps the socket until the client goes");
		ConfigurableApplicationContext gateway = Gateways.start("silent-" + freshCamera());
		try (SilentPeer peer = new SilentPeer(Gateways.port(gateway), "/ws/label/" + freshCamera())) {
			assertThat(peer.readResponseHeaders()).startsWith("HTTP/1.1 101");
			assertThat(peer.readCloseFrame()).isEqualTo(new Closed(4401, "missing token"));

			// The container would wait for the peer's close frame as long as its idle
			// timeout (90 s here); a refused socket is dropped after 5 s without one.
			await().pollDelay(Duration.ofSeconds(6))
				.pollInterval(Duration.ofMillis(200))
				.atMost(Duration.ofSeconds(30))
				.until(peer::isDropped);
		}
		finally {
			gateway.close();
		}
	}

	@Test
	void shouldCloseASessionThatSendsTooManyMessagesWith1008() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("flood-" + freshCamera(),
				"gateway.limits.inbound-messages-per-second=5");
		int port = Gateways.port(gateway);
		String camera = freshCamera();
		try (WsClient flooder = WsClient.connect(port, camera); WsClient calm = WsClient.connect(port, camera)) {
			flooder.nextJson(WAIT);
			calm.nextJson(WAIT);
			calm.sendText("{\"type\":\"ping\"}");
			assertThat(calm.nextJson(WAIT).get("type").asString()).isEqualTo("pong");

			for (int i = 0; i < 50 && !flooder.isClosed(); i++) {
				flooder.sendText("{\"type\":\"ping\"}");
			}

			assertThat(flooder.awaitCloseCode(WAIT)).isEqualTo(1008);
			assertThat(gateway.getBean(MeterRegistry.class)
				.counter("gateway.sessions.closed", "reason", "flooding")
				.count()).isOne();
			calm.sendText("{\"type\":\"ping\"}");
			assertThat(calm.nextJson(WAIT).get("type").asString()).isEqualTo("pong");
			try (WsClient again = WsClient.connect(port, camera)) {
				assertThat(again.nextJson(WAIT).get("type").asString()).isEqualTo("hello");
			}
		}
		finally {
			gateway.close();
		}
	}

	// The HTTP refusal of a handshake, or null when it was upgraded and closed with 4401
	// (no token), as every handshake within the rate limit is.
	private static HttpResponse<?> rateLimited(int port, String path) throws Exception {
		try {
			assertThat(WsClient.refusedByClose(port, path).code()).isEqualTo(4401);
			return null;
		}
		catch (CompletionException ex) {
			assertThat(ex.getCause()).isInstanceOf(WebSocketHandshakeException.class);
			return ((WebSocketHandshakeException) ex.getCause()).getResponse();
		}
	}

	private static double refused(ConfigurableApplicationContext gateway, String reason) {
		return RefusedHandshakes.count(gateway.getBean(MeterRegistry.class), reason);
	}

	/**
	 * A client that completes the upgrade, reads what the gateway sends and never
	 * answers: not even the close frame.
	 */
	private static final class SilentPeer implements AutoCloseable {

		private static final byte[] UNFINISHED_PING = { (byte) 0x89, (byte) 0xFD, 0, 0, 0, 0 };

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private boolean endOfInput;

		private boolean pingStarted;

		SilentPeer(int port, String path) throws IOException {
			this.socket = new Socket("127.0.0.1", port);
			this.socket.setSoTimeout((int) WAIT.toMillis());
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
			this.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
					+ "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}

		String readResponseHeaders() throws IOException {
			StringBuilder headers = new StringBuilder();
			while (headers.indexOf("\r\n\r\n") < 0) {
				int next = this.in.read();
				assertThat(next).as("response headers so far: %s", headers).isNotNegative();
				headers.append((char) next);
			}
			return headers.toString();
		}

		Closed readCloseFrame() throws IOException {
			byte[] header = this.in.readNBytes(2);
			assertThat(header[0]).as("FIN and opcode 8 (close)").isEqualTo((byte) 0x88);
			byte[] payload = this.in.readNBytes(header[1]);
			return new Closed(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
					new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
		}

		/**
		 * Whether the gateway has let go of the connection. Jetty shuts its output right
		 * after the close frame but reads on, waiting for the answer: so the end of the
		 * input does not tell, but a write does, failing once the socket is closed. Each
		 * is a byte more of a ping that never ends, which an open socket takes without a
		 * word but counts as activity.
		 */
		boolean isDropped() {
			try {
				if (!this.endOfInput) {
					this.socket.setSoTimeout(1);
					int next = this.in.read();
					assertThat(next).as("nothing after the close frame").isNegative();
					this.endOfInput = true;
				}
				this.out.write(this.pingStarted ? new byte[] { 'a' } : UNFINISHED_PING);
				this.out.flush();
				this.pingStarted = true;
				return false;
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (IOException ex) {
				return true;
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
