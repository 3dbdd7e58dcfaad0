package com.labelpush.gateway.resume;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.LatestSeqs;
import com.labelpush.gateway.routing.LatestSeqs.CameraStream;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The history calls of sessions being opened or repaired, made as few as correctness
 * allows: sessions asking the same question while it waits its turn share one call; the
 * latest seqs of many cameras go in one call; at most {@value #CONCURRENT_CALLS} calls at
 * a time ({@value #CONCURRENT_LATEST_CALLS} of them for latest seqs), so a reconnect
 * storm queues here instead of piling onto label-api.
 * <p>
 * A session registered before a call was sent may share it: it collects live events from
 * then on, so the answer and those events together leave no hole. One that registered
 * later shares it only when no event newer than the answer reached the gateway meanwhile;
 * otherwise it is asked again. A latest seq asked while the same one is on its way is
 * asked again in the next batch.
 */
@Component
public class HistoryCalls implements DisposableBean {

	static final int CONCURRENT_CALLS = 8;

	// Fewer latest-seq calls at a time than cameras waiting: the rest wait and go in one
	// call, up to 50 cameras each, instead of one call per camera.
	static final int CONCURRENT_LATEST_CALLS = 2;

	private final HistoryClient history;

	private final LatestSeqs latestSeqs;

	private final ExecutorService executor;

	// cameras whose latest seq is wanted, not yet asked
	private final Map<CameraId, CompletableFuture<Long>> latestWanted = new LinkedHashMap<>();

	// cameras whose latest seq is being asked
	private final Set<CameraId> latestAsked = new HashSet<>();

	// events after a seq: wanted and not yet asked, and being asked
	private final Map<EventsKey, EventsQuestion> afterWanted = new LinkedHashMap<>();

	private final Map<EventsKey, EventsQuestion> afterAsked = new HashMap<>();

	// calls running or queued on the executor
	private int calls;

	// of which latest-seq calls
	private int latestCalls;

	HistoryCalls(HistoryClient history, LatestSeqs latestSeqs) {
		this.history = history;
		this.latestSeqs = latestSeqs;
		AtomicInteger count = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(CONCURRENT_CALLS, (runnable) -> {
			Thread thread = new Thread(runnable, "history-call-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * A camera's latest seq, asked together with other cameras'.
	 * @param camera the camera, bound already
	 * @return the latest seq, or a failure ({@link HistoryUnavailable})
	 */
	public CompletableFuture<Long> latestSeq(CameraId camera) {
		synchronized (this) {
			CompletableFuture<Long> wanted = this.latestWanted.computeIfAbsent(camera,
					(key) -> new CompletableFuture<>());
			startCalls();
			return wanted;
		}
	}

	/**
	 * Every event of a camera after a seq.
	 * @param camera the camera, bound already
	 * @param afterSeq the last seq the session has
	 * @return the events, or a failure ({@link HistoryGone}, {@link HistoryUnavailable})
	 */
	public CompletableFuture<HistoryPage> eventsAfter(CameraId camera, long afterSeq) {
		EventsKey key = new EventsKey(camera, afterSeq);
		synchronized (this) {
			EventsQuestion asked = this.afterAsked.get(key);
			if (asked != null && !this.afterWanted.containsKey(key)) {
				// On its way already, so read perhaps before this session registered: its
				// answer will do unless the camera's stream has gone past it meanwhile.
				return asked.answer()
					.thenCompose((page) -> asked.coversEverythingSeen(page) ? CompletableFuture.completedFuture(page)
							: wanted(key));
			}
			return wanted(key);
		}
	}

	private synchronized CompletableFuture<HistoryPage> wanted(EventsKey key) {
		EventsQuestion wanted = this.afterWanted.computeIfAbsent(key, EventsQuestion::new);
		startCalls();
		return wanted.answer();
	}

	// Called holding the lock: starts calls for questions not on their way while calls
	// are free.
	private void startCalls() {
		while (this.calls < CONCURRENT_CALLS) {
			Runnable call = nextAfterCall();
			if (call == null) {
				call = nextLatestCall();
			}
			if (call == null) {
				return;
			}
			this.calls++;
			try {
				this.executor.execute(call);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: answered here, so no session waits for ever
				call.run();
				return;
			}
		}
	}

	private Runnable nextAfterCall() {
		for (Iterator<Map.Entry<EventsKey, EventsQuestion>> each = this.afterWanted.entrySet().iterator(); each
			.hasNext();) {
			Map.Entry<EventsKey, EventsQuestion> wanted = each.next();
			EventsKey key = wanted.getKey();
			if (!this.afterAsked.containsKey(key)) {
				each.remove();
				EventsQuestion question = wanted.getValue();
				this.afterAsked.put(key, question);
				return () -> {
					try {
						question.ask();
					}
					finally {
						finished(() -> this.afterAsked.remove(key, question));
					}
				};
			}
		}
		return null;
	}

	private Runnable nextLatestCall() {
		if (this.latestCalls >= CONCURRENT_LATEST_CALLS) {
			return null;
		}
		Map<CameraId, CompletableFuture<Long>> batch = new LinkedHashMap<>();
		for (Iterator<Map.Entry<CameraId, CompletableFuture<Long>>> each = this.latestWanted.entrySet().iterator(); each
			.hasNext() && batch.size() < HistoryClient.MAX_CAMERAS_PER_CALL;) {
			Map.Entry<CameraId, CompletableFuture<Long>> wanted = each.next();
			if (this.latestAsked.add(wanted.getKey())) {
				each.remove();
				batch.put(wanted.getKey(), wanted.getValue());
			}
		}
		if (batch.isEmpty()) {
			return null;
		}
		this.latestCalls++;
		return () -> {
			try {
				askLatest(batch);
			}
			finally {
				finished(() -> {
					this.latestAsked.removeAll(batch.keySet());
					this.latestCalls--;
				});
			}
		};
	}

	private void askLatest(Map<CameraId, CompletableFuture<Long>> batch) {
		List<CameraId> cameras = new ArrayList<>(batch.keySet());
		Map<CameraId, CameraStream> streams = new LinkedHashMap<>();
		Map<CameraId, Long> knownBefore = new LinkedHashMap<>();
		for (CameraId camera : cameras) {
			// taken before the call: an answer is learned only by the binding it was
			// read under, and checked against what the stream knew then
			CameraStream stream = this.latestSeqs.stream(camera);
			streams.put(camera, stream);
			knownBefore.put(camera, (stream != null) ? stream.latestSeq().orElse(-1) : -1);
		}
		try {
			this.history.latestSeqs(cameras).forEach((camera, latest) -> {
				CameraStream stream = streams.get(camera);
				if (stream != null) {
					stream.confirm(latest, knownBefore.get(camera));
				}
				batch.get(camera).complete(latest);
			});
		}
		catch (RuntimeException ex) {
			cameras.forEach((camera) -> batch.get(camera).completeExceptionally(ex));
		}
	}

	private void finished(Runnable release) {
		synchronized (this) {
			release.run();
			this.calls--;
			startCalls();
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/**
	 * Every event of a camera after a seq, and the answer every session asking waits for.
	 */
	private final class EventsQuestion {

		private final EventsKey key;

		private final CompletableFuture<HistoryPage> answer = new CompletableFuture<>();

		// the camera's stream when the call was sent
		private volatile @Nullable CameraStream stream;

		EventsQuestion(EventsKey key) {
			this.key = key;
		}

		CompletableFuture<HistoryPage> answer() {
			return this.answer;
		}

		void ask() {
			// taken first: an answer is learned only by the binding it was read under
			CameraStream current = HistoryCalls.this.latestSeqs.stream(this.key.camera());
			this.stream = current;
			try {
				HistoryPage page = HistoryCalls.this.history.after(this.key.camera(), this.key.afterSeq());
				if (current != null) {
					current.learn(page.latestSeq());
				}
				this.answer.complete(page);
			}
			catch (RuntimeException ex) {
				this.answer.completeExceptionally(ex);
			}
		}

		// Whether a session registered after the call was sent loses nothing with this
		// answer: the camera is on the stream the call was sent under, and no event newer
		// than the answer has arrived (it could have come before that session did).
		boolean coversEverythingSeen(HistoryPage page) {
			CameraStream sentUnder = this.stream;
			return sentUnder != null && sentUnder == HistoryCalls.this.latestSeqs.stream(this.key.camera())
					&& sentUnder.lastSeen() <= page.latestSeq();
		}

	}

	/** The events of a camera after a seq: one question, whoever asks it. */
	private record EventsKey(CameraId camera, long afterSeq) {
	}

}
