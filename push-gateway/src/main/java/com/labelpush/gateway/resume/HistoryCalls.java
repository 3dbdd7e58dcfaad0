package com.labelpush.gateway.resume;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.LatestSeqs;
import com.labelpush.gateway.routing.LatestSeqs.CameraStream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The history calls of sessions being opened or repaired, made as few as correctness
 * allows: sessions asking the same question while it waits its turn share one call; the
 * latest seqs of many cameras go in one call; at most {@value #CONCURRENT_CALLS} calls at
 * a time ({@value #CONCURRENT_LATEST_CALLS} of them for latest seqs), so a reconnect
 * storm queues here instead of piling onto label-api.
 * <p>
 * A session only shares a call that is sent after it registered (it collects live events
 * from then on, so the answer and those events together leave no hole). A question asked
 * while the same one is on its way is therefore asked again once that call returns, by
 * then often answered by the camera's stream ({@link LatestSeqs}) without a call.
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

	private final Map<String, Question<HistoryPage>> afterWanted = new LinkedHashMap<>();

	private final Set<String> afterAsked = new HashSet<>();

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
		String key = camera.value() + "/" + afterSeq;
		synchronized (this) {
			Question<HistoryPage> wanted = this.afterWanted.computeIfAbsent(key,
					(ignored) -> new Question<>(() -> readAfter(camera, afterSeq)));
			startCalls();
			return wanted.answer();
		}
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
		for (Iterator<Map.Entry<String, Question<HistoryPage>>> each = this.afterWanted.entrySet().iterator(); each
			.hasNext();) {
			Map.Entry<String, Question<HistoryPage>> wanted = each.next();
			String key = wanted.getKey();
			if (this.afterAsked.add(key)) {
				each.remove();
				Question<HistoryPage> question = wanted.getValue();
				return () -> {
					try {
						question.ask();
					}
					finally {
						finished(() -> this.afterAsked.remove(key));
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
		List<CameraId> unknown = new ArrayList<>();
		Map<CameraId, CameraStream> streams = new LinkedHashMap<>();
		batch.forEach((camera, answer) -> {
			// taken before the call: an answer is learned only by the binding it was
			// read under
			CameraStream stream = this.latestSeqs.stream(camera);
			OptionalLong known = (stream != null) ? stream.latestSeq() : OptionalLong.empty();
			if (known.isPresent()) {
				answer.complete(known.getAsLong()); // learned while this waited its turn
			}
			else {
				unknown.add(camera);
				streams.put(camera, stream);
			}
		});
		if (unknown.isEmpty()) {
			return;
		}
		try {
			Map<CameraId, Long> answered = (unknown.size() == 1)
					? Map.of(unknown.get(0), this.history.latestSeq(unknown.get(0))) : this.history.latestSeqs(unknown);
			answered.forEach((camera, latest) -> {
				CameraStream stream = streams.get(camera);
				if (stream != null) {
					stream.learn(latest);
				}
				batch.get(camera).complete(latest);
			});
		}
		catch (RuntimeException ex) {
			unknown.forEach((camera) -> batch.get(camera).completeExceptionally(ex));
		}
	}

	private HistoryPage readAfter(CameraId camera, long afterSeq) {
		CameraStream stream = this.latestSeqs.stream(camera);
		HistoryPage page = this.history.after(camera, afterSeq);
		if (stream != null) {
			stream.learn(page.latestSeq());
		}
		return page;
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

	/** A question and the answer every session asking it waits for. */
	private record Question<V>(Supplier<V> call, CompletableFuture<V> answer) {

		Question(Supplier<V> call) {
			this(call, new CompletableFuture<>());
		}

		void ask() {
			try {
				this.answer.complete(this.call.get());
			}
			catch (RuntimeException ex) {
				this.answer.completeExceptionally(ex);
			}
		}

	}

}
