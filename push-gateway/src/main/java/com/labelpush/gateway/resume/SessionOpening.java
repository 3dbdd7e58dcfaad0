package com.labelpush.gateway.resume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.resume.HistoryPage.StoredEvent;
import com.labelpush.gateway.session.ClientSession;
import com.labelpush.gateway.session.Frames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * What a new session gets before live events: {@code hello} with the camera's latest seq,
 * and on a resume ({@code since}) every event it missed, in order, or {@code resync} when
 * they cannot be had. Runs off the container's thread, since it may wait for label-api;
 * the session collects live events meanwhile and drops those the history already covered.
 */
@Component
public class SessionOpening implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SessionOpening.class);

	private final HistoryClient history;

	private final Frames frames;

	private final ExecutorService executor;

	private final Map<String, CompletableFuture<HistoryPage>> inFlight = new ConcurrentHashMap<>();

	SessionOpening(HistoryClient history, Frames frames) {
		this.history = history;
		this.frames = frames;
		AtomicInteger count = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "session-opening-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	public void open(ClientSession session, CameraId camera, @Nullable Long since) {
		this.executor.execute(() -> {
			Opening opening;
			try {
				opening = (since != null) ? resume(camera, since) : fresh(camera);
			}
			catch (RuntimeException ex) {
				// never leave a session waiting for a hello that does not come
				logger.error("session opening failed cameraId=" + camera + " since=" + since, ex);
				opening = resync(camera, null, "the gateway could not read the history; reload the labels");
			}
			session.startWriting(opening.frames(), opening.lastSeq());
		});
	}

	// A new client starts from a snapshot of the labels; latestSeq tells it which events
	// the snapshot already holds, so those are not sent.
	private Opening fresh(CameraId camera) {
		try {
			long latest = this.history.latestSeq(camera);
			return new Opening(List.of(this.frames.hello(camera, latest, null)), latest);
		}
		catch (HistoryUnavailable | HistoryGone ex) {
			logger.warn("latest seq unknown cameraId=" + camera + ": " + ex.getMessage());
			return new Opening(List.of(this.frames.hello(camera, null, null)), -1);
		}
	}

	private Opening resume(CameraId camera, long since) {
		try {
			HistoryPage page = this.history.after(camera, since);
			if (since > page.latestSeq()) {
				return resync(camera, page.latestSeq(), "since " + since + " is ahead of the camera's latest seq "
						+ page.latestSeq() + " (its history was reset); reload the labels");
			}
			return afterward(List.of(this.frames.hello(camera, page.latestSeq(), true)), page, since);
		}
		catch (HistoryGone ex) {
			return resync(camera, null, expired(since));
		}
		catch (HistoryUnavailable ex) {
			logger.warn("resume failed cameraId=" + camera + " since=" + since + ": " + ex.getMessage());
			return resync(camera, null, "the event history is unavailable; reload the labels");
		}
	}

	/**
	 * Fetches the events a session misses after {@code afterSeq} and has it write them
	 * (or resync when they cannot be had). Sessions of one camera missing the same range
	 * share one history call.
	 */
	public void repair(ClientSession session, long afterSeq) {
		CameraId camera = session.camera();
		missingAfter(camera, afterSeq).whenComplete((page, failure) -> {
			if (failure == null) {
				Opening repaired = afterward(List.of(), page, afterSeq);
				session.startWriting(repaired.frames(), repaired.lastSeq());
			}
			else {
				logger.warn(
						"gap not repaired cameraId=" + camera + " afterSeq=" + afterSeq + ": " + failure.getMessage());
				String reason = (failure instanceof HistoryGone) ? expired(afterSeq)
						: "missed events cannot be read from the history; reload the labels";
				session.startWriting(List.of(this.frames.resync(camera, reason)), -1);
			}
		});
	}

	// The given frames, then the history's events; the client has the last of them after.
	private static Opening afterward(List<TextMessage> before, HistoryPage page, long afterSeq) {
		List<TextMessage> frames = new ArrayList<>(before);
		long last = afterSeq;
		for (StoredEvent event : page.events()) {
			frames.add(new TextMessage(event.json()));
			last = event.seq();
		}
		return new Opening(frames, last);
	}

	private static String expired(long afterSeq) {
		return "events after seq " + afterSeq + " are no longer kept; reload the labels";
	}

	private CompletableFuture<HistoryPage> missingAfter(CameraId camera, long afterSeq) {
		String key = camera.value() + "/" + afterSeq;
		CompletableFuture<HistoryPage> created = new CompletableFuture<>();
		CompletableFuture<HistoryPage> existing = this.inFlight.putIfAbsent(key, created);
		if (existing != null) {
			return existing;
		}
		this.executor.execute(() -> {
			try {
				created.complete(this.history.after(camera, afterSeq));
			}
			catch (RuntimeException ex) {
				created.completeExceptionally(ex);
			}
			finally {
				this.inFlight.remove(key, created);
			}
		});
		return created;
	}

	private Opening resync(CameraId camera, @Nullable Long latestSeq, String reason) {
		// Live events go on after the resync; the reloaded list covers everything before.
		return new Opening(List.of(this.frames.hello(camera, latestSeq, false), this.frames.resync(camera, reason)),
				-1);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private record Opening(List<TextMessage> frames, long lastSeq) {
	}

}
