package com.labelpush.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for label-api's history endpoint ({@code GET
 * /api/cameras/{cameraId}/events?afterSeq=&limit=}), answering as docs/label-api.md
 * describes: the latest seq with the events after {@code afterSeq}, each byte for byte as
 * published; 410 when the events asked for are no longer kept; 401 without the gateway's
 * key. Tests record events here and publish them to the broker, as label-api's outbox
 * does, so the gateway's resume logic runs without label-api.
 */
public final class HistoryStandIn implements AutoCloseable {

	/** The key a gateway must send. */
	public static final String GATEWAY_KEY = "stand-in-gateway-key";

	private static final Pattern PATH = Pattern.compile("/api/cameras/([^/]+)/events");

	private static final String LATEST_SEQS = "/api/cameras/latest-seqs";

	private final Map<String, CameraHistory> cameras = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final Map<String, AtomicInteger> eventReads = new ConcurrentHashMap<>();

	private volatile CountDownLatch held = new CountDownLatch(0);

	private final HttpServer server;

	private HistoryStandIn(HttpServer server) {
		this.server = server;
	}

	/** Starts a stand-in on a free loopback port. */
	public static HistoryStandIn start() {
		try {
			HistoryStandIn standIn = new HistoryStandIn(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
			standIn.server.createContext("/api/cameras/", standIn::answer);
			standIn.server.start();
			return standIn;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Settings for a gateway that resumes from this stand-in with its key.
	 * @return settings without the leading {@code --}
	 */
	public String[] gatewaySettings() {
		return new String[] { "gateway.history.base-url=" + baseUrl(), "gateway.history.api-key=" + GATEWAY_KEY };
	}

	/**
	 * Keeps an event in the camera's history, as label-api does when the label changes.
	 * @param camera the camera
	 * @param seq its seq, the camera's next
	 * @param json the event as published
	 */
	public void keep(String camera, long seq, String json) {
		this.cameras.computeIfAbsent(camera, (key) -> new CameraHistory()).add(seq, json);
	}

	/**
	 * Forgets every event kept for a camera, keeping its latest seq, as label-api's
	 * retention does once they are old.
	 */
	public void prune(String camera) {
		this.cameras.get(camera).prune();
	}

	/**
	 * How many calls were made, whatever the cameras.
	 * @return the calls so far
	 */
	public int calls() {
		return this.calls.get();
	}

	/**
	 * How many history calls were made for a camera, alone or with others.
	 * @param camera the camera
	 * @return the calls so far
	 */
	public int requestsFor(String camera) {
		AtomicInteger count = this.requests.get(camera);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * How many calls read a camera's events, not only its latest seq.
	 * @param camera the camera
	 * @return the calls so far
	 */
	public int eventReadsFor(String camera) {
		AtomicInteger count = this.eventReads.get(camera);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Forgets a camera's history and its seqs, which start again at 1, as when
	 * label-api's history is reset.
	 */
	public void reset(String camera) {
		this.cameras.remove(camera);
	}

	/** Answers nothing until {@link #answerAgain()}, as a slow label-api would. */
	public void holdAnswers() {
		this.held = new CountDownLatch(1);
	}

	public void answerAgain() {
		this.held.countDown();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
			boolean latestSeqs = LATEST_SEQS.equals(exchange.getRequestURI().getPath());
			if (!path.matches() && !latestSeqs) {
				send(exchange, 404, "{\"status\":404}");
				return;
			}
			this.calls.incrementAndGet();
			List<String> cameras = latestSeqs ? parameters(exchange, "cameraId") : List.of(path.group(1));
			cameras.forEach(
					(camera) -> this.requests.computeIfAbsent(camera, (key) -> new AtomicInteger()).incrementAndGet());
			if (!latestSeqs) {
				this.eventReads.computeIfAbsent(path.group(1), (key) -> new AtomicInteger()).incrementAndGet();
			}
			// read when asked, as label-api reads its tables; a held one goes out later
			Answer answer = latestSeqs ? latestSeqs(cameras)
					: this.cameras.getOrDefault(path.group(1), new CameraHistory())
						.answer(path.group(1), parameter(exchange, "afterSeq", 0),
								(int) parameter(exchange, "limit", 100));
			awaitRelease();
			if (!("Bearer " + GATEWAY_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				send(exchange, 401, "{\"status\":401}");
				return;
			}
			send(exchange, answer);
		}

	}

	private void awaitRelease() {
		try {
			if (!this.held.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("answers held for 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Answer latestSeqs(List<String> cameras) {
		return new Answer(200, "{\"latestSeqs\":{" + cameras.stream()
			.distinct()
			.map((camera) -> "\"" + camera + "\":" + this.cameras.getOrDefault(camera, new CameraHistory()).latestSeq())
			.collect(Collectors.joining(",")) + "}}");
	}

	private static List<String> parameters(HttpExchange exchange, String name) {
		String query = exchange.getRequestURI().getQuery();
		return (query != null) ? Stream.of(query.split("&"))
			.filter((pair) -> pair.startsWith(name + "="))
			.map((pair) -> pair.substring(name.length() + 1))
			.toList() : List.of();
	}

	private static long parameter(HttpExchange exchange, String name, long fallback) {
		String query = exchange.getRequestURI().getQuery();
		if (query != null) {
			for (String pair : query.split("&")) {
				if (pair.startsWith(name + "=")) {
					return Long.parseLong(pair.substring(name.length() + 1));
				}
			}
		}
		return fallback;
	}

	private static void send(HttpExchange exchange, Answer answer) throws IOException {
		send(exchange, answer.status(), answer.body());
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private record Answer(int status, String body) {
	}

	private static final class CameraHistory {

		private final List<String> events = new ArrayList<>();

		private long oldestKept = 1;

		synchronized void add(long seq, String json) {
			if (seq != this.oldestKept + this.events.size()) {
				throw new IllegalArgumentException("seq " + seq + " is not the camera's next");
			}
			this.events.add(json);
		}

		synchronized void prune() {
			this.oldestKept += this.events.size();
			this.events.clear();
		}

		// label-api's rule (EventHistory.after): a page that does not start right after
		// afterSeq, while later events exist, is 410 Gone
		synchronized long latestSeq() {
			return this.oldestKept + this.events.size() - 1;
		}

		synchronized Answer answer(String camera, long afterSeq, int limit) {
			long latestSeq = latestSeq();
			if (afterSeq < latestSeq && afterSeq + 1 < this.oldestKept) {
				return new Answer(410, "{\"status\":410,\"oldestKeptSeq\":" + this.oldestKept + "}");
			}
			// afterSeq may be far ahead: so the gateway asks for the latest seq alone
			long from = Math.min(Math.max(0, afterSeq + 1 - this.oldestKept), this.events.size());
			List<String> page = this.events.subList((int) from, (int) Math.min(from + limit, this.events.size()));
			return new Answer(200, "{\"cameraId\":\"" + camera + "\",\"latestSeq\":" + Math.max(0, latestSeq)
					+ ",\"events\":[" + String.join(",", page) + "]}");
		}

	}

}
