package com.labelpush.gateway.resume;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.resume.HistoryPage.StoredEvent;
import com.labelpush.gateway.routing.LatestSeqs;
import com.labelpush.gateway.routing.LatestSeqs.CameraStream;
import com.labelpush.gateway.routing.LatestSeqs.RecentEvents;
import com.labelpush.gateway.session.ClientSession;
import com.labelpush.gateway.session.Frames;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * What a new session gets before live events: {@code hello} with the camera's latest seq,
 * and on a resume ({@code since}) every event it missed, in order, or {@code resync} when
 * they cannot be had. The latest seq of a camera this gateway already follows comes from
 * its stream ({@link LatestSeqs}), without asking label-api; otherwise sessions asking
 * the same question at once share one history call, made off the container's thread. The
 * session collects live events meanwhile and drops those the answer already covered.
 */
@Component
public class SessionOpening {

	private static final Log logger = LogFactory.getLog(SessionOpening.class);

	private final HistoryCalls calls;

	private final LatestSeqs latestSeqs;

	private final Frames frames;

	SessionOpening(HistoryCalls calls, LatestSeqs latestSeqs, Frames frames) {
		this.calls = calls;
		this.latestSeqs = latestSeqs;
		this.frames = frames;
	}

	/**
	 * Gives a registered session its opening frames, now or once the history answers.
	 * @param session the session, collecting live events until then
	 * @param camera its camera, bound already
	 * @param since the last seq the client has, or {@code null} for a fresh start
	 */
	public void open(ClientSession session, CameraId camera, @Nullable Long since) {
		CompletableFuture<Opening> opening = (since != null) ? resume(camera, since) : fresh(camera);
		opening.whenComplete((done, failure) -> {
			if (failure != null) {
				// never leave a session waiting for a hello that does not come
				logger.error("session opening failed cameraId=" + camera + " since=" + since, failure);
				done = resync(camera, null, "the gateway could not read the history; reload the labels");
			}
			session.startWriting(done.frames(), done.lastSeq());
		});
	}

	// A new client starts from a snapshot of the labels; latestSeq tells it which events
	// the snapshot already holds, so those are not sent. Asked of label-api (with other
	// cameras' in one call) even when the stream knows it: only label-api can tell that
	// the camera's history was reset.
	private CompletableFuture<Opening> fresh(CameraId camera) {
		return this.calls.latestSeq(camera).handle((latest, failure) -> {
			if (failure == null) {
				return hello(camera, latest);
			}
			if (cause(failure) instanceof HistoryUnavailable || cause(failure) instanceof HistoryGone) {
				logger.warn("latest seq unknown cameraId=" + camera + ": " + cause(failure).getMessage());
				return new Opening(List.of(this.frames.hello(camera, null, null)), -1);
			}
			throw new CompletionException(cause(failure));
		});
	}

	// The missed events come from the camera's stream when it holds them all and
	// label-api confirms its latest seq (no reset), else from label-api's history.
	private CompletableFuture<Opening> resume(CameraId camera, long since) {
		CameraStream stream = this.latestSeqs.stream(camera);
		if (stream == null || stream.after(since) == null) {
			return fromHistory(camera, since);
		}
		return this.calls.latestSeq(camera).handle((latest, failure) -> {
			RecentEvents recent = (failure == null) ? stream.after(since) : null;
			return (recent != null) ? CompletableFuture.completedFuture(fromStream(camera, recent))
					: fromHistory(camera, since);
		}).thenCompose((opening) -> opening);
	}

	private Opening fromStream(CameraId camera, RecentEvents recent) {
		List<TextMessage> frames = new ArrayList<>();
		frames.add(this.frames.hello(camera, recent.latestSeq(), true));
		frames.addAll(recent.frames());
		return new Opening(frames, recent.latestSeq());
	}

	private CompletableFuture<Opening> fromHistory(CameraId camera, long since) {
		return this.calls.eventsAfter(camera, since).handle((page, failure) -> {
			if (failure == null) {
				if (since > page.latestSeq()) {
					return resync(camera, page.latestSeq(), "since " + since + " is ahead of the camera's latest seq "
							+ page.latestSeq() + " (its history was reset); reload the labels");
				}
				return afterward(List.of(this.frames.hello(camera, page.latestSeq(), true)), page, since);
			}
			if (cause(failure) instanceof HistoryGone) {
				return resync(camera, null, expired(since));
			}
			if (cause(failure) instanceof HistoryUnavailable) {
				logger
					.warn("resume failed cameraId=" + camera + " since=" + since + ": " + cause(failure).getMessage());
				return resync(camera, null, "the event history is unavailable; reload the labels");
			}
			throw new CompletionException(cause(failure));
		});
	}

	/**
	 * Fetches the events a session misses after {@code afterSeq} and has it write them
	 * (or resync when they cannot be had). Sessions of one camera missing the same range
	 * share one history call.
	 */
	public void repair(ClientSession session, long afterSeq) {
		CameraId camera = session.camera();
		this.calls.eventsAfter(camera, afterSeq).whenComplete((page, failure) -> {
			if (failure == null) {
				Opening repaired = afterward(List.of(), page, afterSeq);
				session.startWriting(repaired.frames(), repaired.lastSeq());
			}
			else {
				logger.warn("gap not repaired cameraId=" + camera + " afterSeq=" + afterSeq + ": "
						+ cause(failure).getMessage());
				String reason = (cause(failure) instanceof HistoryGone) ? expired(afterSeq)
						: "missed events cannot be read from the history; reload the labels";
				session.startWriting(List.of(this.frames.resync(camera, reason)), -1);
			}
		});
	}

	private Opening hello(CameraId camera, long latestSeq) {
		return new Opening(List.of(this.frames.hello(camera, latestSeq, null)), latestSeq);
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

	private static Throwable cause(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private Opening resync(CameraId camera, @Nullable Long latestSeq, String reason) {
		// Live events go on after the resync; the reloaded list covers everything before.
		return new Opening(List.of(this.frames.hello(camera, latestSeq, false), this.frames.resync(camera, reason)),
				-1);
	}

	private record Opening(List<TextMessage> frames, long lastSeq) {
	}

}
