package com.labelpush.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client as a desktop client uses the gateway: connects to
 * {@code /ws/label/{clientId}}, records every text frame and how the connection closed. A
 * "stalled" client never reads, like a client whose network or UI thread hangs.
 */
public final class WsClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private final boolean stalled;

	private WebSocket socket;

	private WsClient(boolean stalled) {
		this.stalled = stalled;
	}

	public static WsClient connect(int port, String clientId) {
		return open(port, "/ws/label/" + clientId, false);
	}

	public static WsClient connectStalled(int port, String clientId) {
		return open(port, "/ws/label/" + clientId, true);
	}

	/**
	 * Attempts a handshake that the gateway should refuse.
	 * @param port the gateway port
	 * @param path the request path
	 * @return the HTTP status of the refusal
	 */
	public static int refusedStatus(int port, String path) {
		try {
			WsClient client = open(port, path, false);
			client.close();
			throw new AssertionError("handshake to " + path + " was accepted");
		}
		catch (CompletionException ex) {
			assertThat(ex.getCause()).isInstanceOf(WebSocketHandshakeException.class);
			return ((WebSocketHandshakeException) ex.getCause()).getResponse().statusCode();
		}
	}

	/**
	 * Attempts a handshake that the gateway should refuse, exactly as given (no token is
	 * added).
	 * @param port the gateway port
	 * @param path the request path
	 * @param headers header names and values
	 * @return the refusal
	 */
	public static HttpResponse<?> refusal(int port, String path, String... headers) {
		try {
			WsClient client = openAsIs(port, path, false, headers);
			client.close();
			throw new AssertionError("handshake to " + path + " was accepted");
		}
		catch (CompletionException ex) {
			assertThat(ex.getCause()).isInstanceOf(WebSocketHandshakeException.class);
			return ((WebSocketHandshakeException) ex.getCause()).getResponse();
		}
	}

	/**
	 * Attempts a handshake that the gateway should refuse after the upgrade, exactly as
	 * given (no token is added): it must close at once, having sent nothing else.
	 * @param port the gateway port
	 * @param path the request path
	 * @param headers header names and values
	 * @return how it closed
	 */
	public static Closed refusedByClose(int port, String path, String... headers) throws Exception {
		try (WsClient client = openAsIs(port, path, false, headers)) {
			Closed closed = client.awaitClose(Duration.ofSeconds(10));
			assertThat(client.drain()).as("frames before the close of %s", path).isEmpty();
			return closed;
		}
	}

	/**
	 * Connects exactly as given: no token is added to the path.
	 * @param port the gateway port
	 * @param path the request path
	 * @param headers header names and values
	 * @return the connected client
	 */
	public static WsClient openAsIs(int port, String path, String... headers) {
		return openAsIs(port, path, false, headers);
	}

	// Like a desktop client, with a valid token for the camera in the path unless the
	// path carries one.
	private static WsClient open(int port, String path, boolean stalled) {
		if (!path.contains("token=")) {
			String camera = path.substring("/ws/label/".length()).replaceAll("\\?.*", "");
			path += (path.contains("?") ? "&" : "?") + "token=" + TestTokens.forCamera(camera);
		}
		return openAsIs(port, path, stalled);
	}

	private static WsClient openAsIs(int port, String path, boolean stalled, String... headers) {
		WsClient client = new WsClient(stalled);
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client.listener()).join();
		return client;
	}

	public JsonNode nextJson(Duration timeout) throws InterruptedException {
		return json.readTree(nextText(timeout));
	}

	public String nextText(Duration timeout) throws InterruptedException {
		String text = this.texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(text).as("a frame within %s", timeout).isNotNull();
		return text;
	}

	/**
	 * Waits for a number of frames.
	 * @param count how many
	 * @param timeout for all of them
	 * @return the frames, in arrival order
	 */
	public List<String> nextTexts(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> received = new ArrayList<>();
		while (received.size() < count) {
			String text = this.texts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			assertThat(text).as("frame %d of %d within %s", received.size() + 1, count, timeout).isNotNull();
			received.add(text);
		}
		return received;
	}

	/**
	 * Waits for the first frame or the close, whichever comes first.
	 * @param timeout for either
	 * @return the frame, or {@code null} when the connection closed without one
	 */
	public @Nullable String firstTextOrClose(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String text = this.texts.poll(10, TimeUnit.MILLISECONDS);
			if (text != null) {
				return text;
			}
			if (isClosed() && this.texts.isEmpty()) {
				return null;
			}
		}
		throw new AssertionError("neither a frame nor a close within " + timeout);
	}

	public List<String> drain() {
		List<String> rest = new ArrayList<>();
		this.texts.drainTo(rest);
		return rest;
	}

	/** A stalled client starts reading again, taking whatever the server still sends. */
	public void resume() {
		this.socket.request(Long.MAX_VALUE);
	}

	public void sendText(String text) {
		this.socket.sendText(text, true).join();
	}

	public void sendBinary(byte[] bytes) {
		this.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	public int awaitCloseCode(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return awaitClose(timeout).code();
	}

	public Closed awaitClose(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
		}
		this.socket.abort();
	}

	private WebSocket.Listener listener() {
		return new WebSocket.Listener() {

			private final StringBuilder partial = new StringBuilder();

			@Override
			public void onOpen(WebSocket webSocket) {
				if (!WsClient.this.stalled) {
					webSocket.request(1);
				}
			}

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.partial.append(data);
				if (last) {
					WsClient.this.texts.add(this.partial.toString());
					this.partial.setLength(0);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				WsClient.this.closed.complete(new Closed(statusCode, reason));
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				WsClient.this.closed.complete(new Closed(1006, String.valueOf(error)));
			}

		};
	}

	/**
	 * How a connection closed.
	 *
	 * @param code the close code, 1006 when it dropped without one
	 * @param reason the close reason
	 */
	public record Closed(int code, String reason) {
	}

}
