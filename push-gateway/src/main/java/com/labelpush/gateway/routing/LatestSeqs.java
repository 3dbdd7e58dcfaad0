package com.labelpush.gateway.routing;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import com.labelpush.events.CameraId;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * The latest seq of each bound camera, as far as this gateway knows it without asking
 * label-api: learned from one history answer, then moved on by each event of the camera's
 * stream that follows without a gap, with the last few of those events. A resume after a
 * short absence takes its missed events from here, once one cheap call (the latest seqs
 * of many cameras at once) has confirmed that label-api's history was not reset
 * meanwhile, so a storm of connections to cameras this gateway already serves costs
 * label-api no history reads. Known only while the camera is bound and its stream is
 * unbroken: a gap, the camera's unbinding or a new broker connection (events may have
 * been lost with the old one) make it unknown again until the next history answer.
 */
@Component
public class LatestSeqs {

	private final Map<CameraId, CameraStream> streams = new ConcurrentHashMap<>();

	/**
	 * The camera's stream as this gateway sees it, to read its latest seq from or to
	 * teach it one. Taken before a history call, so that an answer is only ever learned
	 * by the binding it was read under.
	 * @param camera the camera
	 * @return its stream, or {@code null} when the camera is not bound
	 */
	public @Nullable CameraStream stream(CameraId camera) {
		return this.streams.get(camera);
	}

	/** An event of the camera arrived from the broker. */
	void observe(CameraId camera, long seq, TextMessage frame) {
		CameraStream stream = this.streams.get(camera);
		if (stream != null) {
			stream.observe(seq, frame);
		}
	}

	/** The camera was bound: from now on every one of its events arrives here. */
	void bound(CameraId camera) {
		this.streams.put(camera, new CameraStream());
	}

	/** The camera was unbound: its events no longer arrive. */
	void unbound(CameraId camera) {
		this.streams.remove(camera);
	}

	/** A new broker connection: events published while the old one was down are lost. */
	void forgetAll() {
		this.streams.replaceAll((camera, stream) -> new CameraStream());
	}

	/** One bound camera's stream. */
	public static final class CameraStream {

		private static final long UNKNOWN = -1;

		// enough for a few minutes of a busy camera; about 0.6 KB an event
		private static final int RECENT_EVENTS = 16;

		// the latest seq: every event up to it seen, or covered by label-api's answer
		private long known = UNKNOWN;

		// the highest seq seen since the binding, known or not
		private long lastSeen = UNKNOWN;

		// the events seen that end at the known seq, without a gap, oldest first
		private final ArrayDeque<TextMessage> recent = new ArrayDeque<>();

		/**
		 * The camera's latest seq, when known.
		 * @return the latest seq, or empty
		 */
		public synchronized OptionalLong latestSeq() {
			return (this.known == UNKNOWN) ? OptionalLong.empty() : OptionalLong.of(this.known);
		}

		/**
		 * The events after a seq, when this gateway has every one of them: a client
		 * resuming after a short absence (another gateway died) gets them without a call
		 * to label-api.
		 * @param since the last seq the client has
		 * @return the latest seq and the events after {@code since} up to it, or
		 * {@code null} when they are not all here
		 */
		public synchronized @Nullable RecentEvents after(long since) {
			if (this.known == UNKNOWN || since > this.known || since < this.known - this.recent.size()) {
				return null;
			}
			List<TextMessage> frames = this.recent.stream().skip(this.recent.size() - (this.known - since)).toList();
			return new RecentEvents(this.known, frames);
		}

		/**
		 * The highest seq this gateway has seen of the camera since it was bound, whether
		 * or not the latest seq is known.
		 * @return the seq, or -1 when none was seen
		 */
		public synchronized long lastSeen() {
			return this.lastSeen;
		}

		/**
		 * Checks what this stream holds against label-api's latest seq, read after the
		 * stream's own latest seq was {@code knownBefore}: an answer below it means the
		 * camera's history was reset (its seqs start again), and everything held is
		 * forgotten; otherwise an unknown latest seq is learned from it.
		 * @param latestSeq the camera's latest seq in label-api's answer
		 * @param knownBefore {@link #latestSeq()} when the call was sent, -1 if unknown
		 */
		public synchronized void confirm(long latestSeq, long knownBefore) {
			if (latestSeq < knownBefore) {
				this.known = UNKNOWN;
				this.lastSeen = UNKNOWN;
				this.recent.clear();
				return;
			}
			learn(latestSeq);
		}

		/**
		 * Takes the latest seq from a history answer read after this stream was taken.
		 * @param latestSeq the camera's latest seq in label-api's answer
		 */
		public synchronized void learn(long latestSeq) {
			// An event newer than the answer was seen while it was on its way: whether
			// those between arrived cannot be told, so the answer is not taken.
			if (this.known == UNKNOWN && this.lastSeen <= latestSeq) {
				this.known = latestSeq;
				this.recent.clear();
			}
		}

		synchronized void observe(long seq, TextMessage frame) {
			this.lastSeen = Math.max(this.lastSeen, seq);
			if (this.known == UNKNOWN || seq <= this.known) {
				return; // unknown, or a seq the answer already covered
			}
			if (seq != this.known + 1) {
				this.known = UNKNOWN;
				this.recent.clear();
				return;
			}
			this.known = seq;
			this.recent.addLast(frame);
			if (this.recent.size() > RECENT_EVENTS) {
				this.recent.removeFirst();
			}
		}

	}

	/**
	 * A camera's latest seq and the events up to it after a seq.
	 *
	 * @param latestSeq the camera's latest seq
	 * @param frames the events, in seq order, as published
	 */
	public record RecentEvents(long latestSeq, List<TextMessage> frames) {
	}

}
