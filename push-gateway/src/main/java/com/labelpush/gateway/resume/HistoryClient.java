package com.labelpush.gateway.resume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.resume.HistoryPage.StoredEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads a camera's events from label-api ({@code GET /api/cameras/{id}/events}), keeping
 * each event's exact bytes so a resumed client sees what a live one saw.
 */
@Component
public class HistoryClient {

	private static final Log logger = LogFactory.getLog(HistoryClient.class);

	private static final int PAGE = 1000;

	/** The most cameras label-api answers the latest seq of in one call. */
	public static final int MAX_CAMERAS_PER_CALL = 50;

	private final RestClient rest;

	private final JsonMapper json;

	private final ObjectReader eventReader;

	private final HistoryProperties properties;

	HistoryClient(HistoryProperties properties, JsonMapper json) {
		// Blocking calls on the history-call threads (HttpURLConnection, kept alive). The
		// JDK's HttpClient answers through a CompletableFuture stage on the default async
		// pool, which on a machine of two cores starts a new thread for every call: in a
		// reconnect storm that cost more CPU than the calls themselves.
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(properties.connectTimeout());
		requests.setReadTimeout(properties.readTimeout());
		RestClient.Builder rest = RestClient.builder()
			.baseUrl(properties.baseUrl().toString())
			.requestFactory(requests);
		if (properties.apiKey() != null) {
			rest.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.apiKey());
		}
		else {
			logger.warn("gateway.history.api-key is not set: history calls are anonymous, and label-api refuses "
					+ "them unless it lets anyone read (labels.security.reads-require-token=false); clients "
					+ "would then get resync instead of missed events");
		}
		this.rest = rest.build();
		this.json = json;
		// reads one event out of the page's array, which goes on after it
		this.eventReader = json.readerFor(Event.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		this.properties = properties;
	}

	/**
	 * Every event of a camera after a seq, retried with back-off.
	 * @param camera the camera
	 * @param afterSeq the last seq the client has
	 * @return the events up to the camera's latest seq
	 * @throws HistoryGone when label-api answers 410
	 * @throws HistoryUnavailable when no attempt succeeded
	 */
	public HistoryPage after(CameraId camera, long afterSeq) {
		long backoff = this.properties.retryBackoff().toMillis();
		for (int attempt = 1;; attempt++) {
			try {
				return readAll(camera, afterSeq);
			}
			catch (HistoryUnavailable ex) {
				if (attempt >= this.properties.attempts()) {
					throw ex;
				}
				pause(backoff);
				backoff *= 2;
			}
		}
	}

	/**
	 * The camera's latest seq, in one quick attempt (for {@code hello}, which must not
	 * wait on a label-api that is down), through the history call every label-api has.
	 * @param camera the camera
	 * @return the latest seq
	 * @throws HistoryUnavailable when label-api does not answer
	 */
	public long latestSeq(CameraId camera) {
		return page(camera, Long.MAX_VALUE - 1, 1).latestSeq();
	}

	/**
	 * The latest seq of several cameras in one call, in one quick attempt. A label-api
	 * that does not know the call yet (404) is asked camera by camera.
	 * @param cameras at most {@link #MAX_CAMERAS_PER_CALL} cameras
	 * @return each camera's latest seq
	 * @throws HistoryUnavailable when label-api does not answer
	 */
	public Map<CameraId, Long> latestSeqs(List<CameraId> cameras) {
		JsonNode answer;
		try {
			byte[] body = this.rest.get().uri((uri) -> {
				uri.path("/api/cameras/latest-seqs");
				cameras.forEach((camera) -> uri.queryParam("cameraId", camera.value()));
				return uri.build();
			}).retrieve().body(byte[].class);
			answer = this.json.readTree((body != null) ? body : new byte[0]);
		}
		catch (RestClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
				return latestSeqsOneByOne(cameras);
			}
			throw new HistoryUnavailable("latest seqs of " + cameras.size() + " cameras answered " + ex.getStatusCode(),
					ex);
		}
		catch (RestClientException | tools.jackson.core.JacksonException ex) {
			throw new HistoryUnavailable(
					"latest seqs of " + cameras.size() + " cameras unreachable: " + ex.getMessage(), ex);
		}
		Map<CameraId, Long> latest = new LinkedHashMap<>();
		for (CameraId camera : cameras) {
			JsonNode seq = answer.path("latestSeqs").path(camera.value());
			if (!seq.isIntegralNumber() || seq.asLong() < 0) {
				throw new HistoryUnavailable("latest seqs answer without a seq for camera " + camera);
			}
			latest.put(camera, seq.asLong());
		}
		return latest;
	}

	private Map<CameraId, Long> latestSeqsOneByOne(List<CameraId> cameras) {
		Map<CameraId, Long> latest = new LinkedHashMap<>();
		cameras.forEach((camera) -> latest.put(camera, latestSeq(camera)));
		return latest;
	}

	private HistoryPage readAll(CameraId camera, long afterSeq) {
		List<StoredEvent> events = new ArrayList<>();
		long from = afterSeq;
		while (true) {
			HistoryPage page = page(camera, from, PAGE);
			events.addAll(page.events());
			if (page.events().size() < PAGE) {
				return new HistoryPage(page.latestSeq(), events);
			}
			from = page.events().get(page.events().size() - 1).seq();
		}
	}

	private HistoryPage page(CameraId camera, long afterSeq, int limit) {
		try {
			byte[] body = this.rest.get()
				.uri("/api/cameras/{camera}/events?afterSeq={afterSeq}&limit={limit}", camera.value(), afterSeq, limit)
				.retrieve()
				.body(byte[].class);
			return parse((body != null) ? body : new byte[0]);
		}
		catch (RestClientResponseException ex) {
			if (ex.getStatusCode().isSameCodeAs(HttpStatus.GONE)) {
				throw new HistoryGone(camera.value(), afterSeq);
			}
			boolean refused = ex.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
					|| ex.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN);
			throw new HistoryUnavailable("history of camera " + camera + " answered " + ex.getStatusCode()
					+ (refused ? " (check gateway.history.api-key: a key with scope labels:read)" : ""), ex);
		}
		catch (RestClientException | IOException | tools.jackson.core.JacksonException ex) {
			throw new HistoryUnavailable("history of camera " + camera + " unreachable: " + ex.getMessage(), ex);
		}
	}

	// Streams the page so each event's bytes can be cut out unchanged.
	private HistoryPage parse(byte[] body) throws IOException {
		long latestSeq = 0;
		List<StoredEvent> events = new ArrayList<>();
		try (JsonParser parser = this.json.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IOException("history page is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if ("latestSeq".equals(field)) {
					latestSeq = parser.getLongValue();
				}
				else if ("events".equals(field)) {
					while (parser.nextToken() == JsonToken.START_OBJECT) {
						int start = (int) parser.currentTokenLocation().getByteOffset();
						Event event = this.eventReader.readValue(parser);
						int end = (int) parser.currentLocation().getByteOffset();
						events.add(new StoredEvent(event.seq(), event.occurredAt().toEpochMilli(),
								new String(body, start, end - start, StandardCharsets.UTF_8)));
					}
				}
				else {
					parser.skipChildren();
				}
			}
		}
		return new HistoryPage(latestSeq, events);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new HistoryUnavailable("interrupted while waiting to retry", ex);
		}
	}

	@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
	record Event(long seq, Instant occurredAt) {
	}

}
