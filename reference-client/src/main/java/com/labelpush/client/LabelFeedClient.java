package com.labelpush.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.labelpush.events.CameraId;
import com.labelpush.events.Deferral;
import com.labelpush.events.LabelEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows one camera through the push gateway the way a desktop client must: reconnects
 * with exponential back-off and jitter (as {@code hello} advises), resumes with
 * {@code since}, reloads on {@code resync} (and on a fresh start), applies each seq once,
 * and treats a link that stays silent past 2.5 heartbeats as dead.
 * <p>
 * The close code says what to do next: after 4401 (no valid token) and 4001 (the token
 * expired) it asks for a new token and reconnects; after 4400 (a bad clientId or since)
 * and 4403 (a token for another camera, or a page origin not allowed) it stops for good,
 * as {@link #refusal()} and {@link Listener#refused} tell; after a deferral (4503 "retry
 * in N ms", {@link Deferral}) it comes back when told; after any other code it
 * reconnects. Only {@code hello} resets the back-off: a connection the gateway closes
 * right after the upgrade is no success.
 * <p>
 * Several gateway URIs stand in for a load balancer: each reconnect takes the next one.
 */
public final class LabelFeedClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<URI> gateways;

	private final CameraId camera;

	private final Supplier<String> tokens;

	private final Listener listener;

	private final HttpClient http;

	private final ScheduledExecutorService timer;

	private final boolean ownsTimer;

	private final ScheduledFuture<?> aliveCheck;

	private volatile @Nullable WebSocket socket;

	private volatile long lastSeq = -1;

	private volatile long lastHeardNanos = System.nanoTime();

	private volatile long minMs = 1000;

	private volatile long maxMs = 30_000;

	private volatile long heartbeatSeconds = 25;

	private volatile boolean closed;

	private volatile @Nullable Refusal refusal;

	private int attempt;

	private boolean reconnecting;

	private int next;

	/**
	 * Starts following a camera.
	 * @param gateways gateway base URIs, such as {@code ws://lb:8083}
	 * @param camera the camera
	 * @param tokens gives a client token for the camera, asked anew for every connection
	 * (a session whose token expires is closed with 4001 and reconnects with a fresh one)
	 * @param listener what to do with the labels
	 */
	public LabelFeedClient(List<URI> gateways, CameraId camera, Supplier<String> tokens, Listener listener) {
		this(gateways, camera, tokens, listener, HttpClient.newHttpClient(),
				Executors.newSingleThreadScheduledExecutor((runnable) -> {
					Thread thread = new Thread(runnable, "label-feed-client");
					thread.setDaemon(true);
					return thread;
				}), true);
	}

	/**
	 * Starts following a camera with an HTTP client and a timer shared with other feeds
	 * (an application following many cameras needs one of each, not one per camera).
	 * @param gateways gateway base URIs, such as {@code ws://lb:8083}
	 * @param camera the camera
	 * @param tokens gives a client token for the camera, asked anew for every connection
	 * @param listener what to do with the labels
	 * @param http the HTTP client the WebSocket connections are made with
	 * @param timer runs reconnects and the dead-link check; not shut down by
	 * {@link #close()}
	 */
	public LabelFeedClient(List<URI> gateways, CameraId camera, Supplier<String> tokens, Listener listener,
			HttpClient http, ScheduledExecutorService timer) {
		this(gateways, camera, tokens, listener, http, timer, false);
	}

	private LabelFeedClient(List<URI> gateways, CameraId camera, Supplier<String> tokens, Listener listener,
			HttpClient http, ScheduledExecutorService timer, boolean ownsTimer) {
		this.gateways = List.copyOf(gateways);
		this.camera = camera;
		this.tokens = tokens;
		this.listener = listener;
		this.http = http;
		this.timer = timer;
		this.ownsTimer = ownsTimer;
		this.aliveCheck = this.timer.scheduleWithFixedDelay(this::checkAlive, 1, 1, TimeUnit.SECONDS);
		connect();
	}

	/**
	 * Why the gateway refused this client for good, after which it no longer reconnects.
	 * @return the refusal, or {@code null} while the client follows the camera
	 */
	public @Nullable Refusal refusal() {
		return this.refusal;
	}

	/**
	 * The seq of the last event applied.
	 * @return the seq, or {@code -1} before the first
	 */
	public long lastSeq() {
		return this.lastSeq;
	}

	private synchronized void connect() {
		this.reconnecting = false;
		if (this.closed) {
			return;
		}
		URI base = this.gateways.get(this.next++ % this.gateways.size());
		long since = this.lastSeq;
		String token;
		try {
			token = this.tokens.get();
		}
		catch (RuntimeException ex) {
			scheduleReconnect();
			return;
		}
		URI uri = URI.create(base + "/ws/label/" + this.camera.value() + "?token="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8) + ((since >= 0) ? "&since=" + since : ""));
		this.http.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(uri, new Frames())
			.whenComplete((socket, failure) -> {
				if (failure != null) {
					scheduleReconnect();
				}
				else {
					opened(socket);
				}
			});
	}

	// A socket the gateway closed right after the upgrade may have been closed before
	// this runs: it is not the current one then.
	private synchronized void opened(WebSocket socket) {
		if (this.closed && this.refusal == null) {
			// closed by the application while connecting
			socket.abort();
		}
		else if (!this.closed && !this.reconnecting) {
			this.socket = socket;
			this.lastHeardNanos = System.nanoTime();
		}
	}

	// Called by whichever notices first (close, error, failed connect, dead link); once.
	private void scheduleReconnect() {
		scheduleReconnect(OptionalLong.empty());
	}

	// A deferral's wait is taken as told (within the advised maximum) and is no attempt.
	private synchronized void scheduleReconnect(OptionalLong toldMillis) {
		if (this.closed || this.reconnecting) {
			return;
		}
		this.reconnecting = true;
		this.socket = null;
		long delay;
		if (toldMillis.isPresent()) {
			delay = Math.min(this.maxMs, toldMillis.getAsLong());
		}
		else {
			long backoff = Math.min(this.maxMs, this.minMs << Math.min(this.attempt++, 16));
			delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
		}
		this.listener.onDisconnected(delay);
		this.timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
	}

	// Retrying cannot help: the request or the token is wrong, not the moment.
	private void stop(Refusal refusal) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.refusal = refusal;
			this.socket = null;
		}
		stopTimers();
		this.listener.refused(refusal);
	}

	private void checkAlive() {
		WebSocket current = this.socket;
		if (current != null && System.nanoTime() - this.lastHeardNanos > TimeUnit.MILLISECONDS
			.toNanos(this.heartbeatSeconds * 2500)) {
			// a dead link; after abort() the listener hears nothing more: reconnect here
			current.abort();
			scheduleReconnect();
		}
	}

	private void onFrame(String text) {
		JsonNode frame = json.readTree(text);
		String type = frame.path("type").asString("");
		switch (type) {
			case "hello" -> {
				synchronized (this) {
					this.attempt = 0;
				}
				this.heartbeatSeconds = frame.path("heartbeatSeconds").asLong(25);
				this.minMs = frame.path("reconnect").path("minMs").asLong(this.minMs);
				this.maxMs = frame.path("reconnect").path("maxMs").asLong(this.maxMs);
				boolean resumed = frame.has("recovered");
				if (!resumed) {
					// a fresh start: the snapshot holds everything up to latestSeq
					this.listener.reload();
					this.lastSeq = frame.path("latestSeq").asLong(-1);
				}
				this.listener.connected(frame.path("instance").asString(""), resumed);
			}
			case "resync" -> {
				this.listener.reload();
				this.lastSeq = -1;
			}
			case "label.created", "label.updated", "label.deleted" -> {
				// a frame already applied (resent after a resume) is not converted at all
				long seq = frame.path("seq").asLong(-1);
				if (seq > this.lastSeq) {
					this.listener.apply(json.treeToValue(frame, LabelEvent.class));
					this.lastSeq = seq;
				}
			}
			default -> {
				// pong, error and frames added to the contract later
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		stopTimers();
		WebSocket current = this.socket;
		if (current != null) {
			current.abort();
		}
	}

	private void stopTimers() {
		this.aliveCheck.cancel(false);
		if (this.ownsTimer) {
			this.timer.shutdownNow();
		}
	}

	/**
	 * A refusal after which reconnecting cannot help.
	 *
	 * @param code the close code: 4400 (a bad clientId or since, a bug or a configuration
	 * error) or 4403 (a token for another camera, or a page origin not allowed)
	 * @param reason the gateway's close reason, for a person
	 */
	public record Refusal(int code, String reason) {

		/** A bad clientId or since. */
		public static final int INVALID_REQUEST = 4400;

		/** Not allowed whatever the token. */
		public static final int FORBIDDEN = 4403;

	}

	/** What the application does with the camera's labels. */
	public interface Listener {

		/** Replace every label of the camera with a fresh list from label-api. */
		void reload();

		/**
		 * Apply one change: upsert the label, or remove it for a deletion.
		 * @param event the change
		 */
		void apply(LabelEvent event);

		/**
		 * A gateway accepted the client ({@code hello}); what the camera view shows as
		 * "live".
		 * @param instance the gateway replica, as operators name it
		 * @param resumed whether the client resumed from its last seq rather than
		 * starting afresh with a reload
		 */
		default void connected(String instance, boolean resumed) {
		}

		/**
		 * The connection is gone; a reconnect follows.
		 * @param reconnectInMillis when
		 */
		default void onDisconnected(long reconnectInMillis) {
		}

		/**
		 * The gateway refused the client for good; it does not reconnect. Show the
		 * reason: someone must fix the camera id, the token's camera or the origin.
		 * @param refusal the close code and reason
		 */
		default void refused(Refusal refusal) {
		}

	}

	private final class Frames implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			LabelFeedClient.this.lastHeardNanos = System.nanoTime();
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				onFrame(text);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
			LabelFeedClient.this.lastHeardNanos = System.nanoTime();
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			if (statusCode == Refusal.INVALID_REQUEST || statusCode == Refusal.FORBIDDEN) {
				stop(new Refusal(statusCode, reason));
			}
			else {
				// 4401 and 4001 included: the next connection asks for a new token
				scheduleReconnect(Deferral.retryInMillis(statusCode, reason));
			}
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			scheduleReconnect();
		}

	}

}
