package com.labelpush.gateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps what one client receives gap-free and free of duplicates: the next seq passes, a
 * seq the client already has is dropped, and while the session waits for missing events
 * (at its start, after a gap, after a broker reconnect) every frame is held back, up to a
 * byte limit, to go out after them.
 * <p>
 * Events are offered from the session's lane (one thread); {@link #open} and
 * {@link #holdForCatchUp} may come from other threads, so the held frames and the holding
 * state are guarded.
 */
final class SeqGate {

	/** What became of an offered frame. */
	enum Verdict {

		/** Write it now. */
		PASS,

		/** The client already has this seq: drop it. */
		DUPLICATE,

		/** Held back until the missing events are in. */
		HELD,

		/** A seq is missing: the frame is held, and the gate holds until repaired. */
		GAP,

		/** Holding more would exceed the limit: the client cannot catch up. */
		OVERFLOW

	}

	private final long heldLimitBytes;

	private final List<Frame> held = new ArrayList<>();

	private volatile boolean holding = true;

	private long heldBytes;

	private volatile long lastSeq = -1;

	/**
	 * A gate that holds until opened: a new session queues live events while its first
	 * frames are prepared.
	 * @param heldLimitBytes most bytes held
	 */
	SeqGate(long heldLimitBytes) {
		this.heldLimitBytes = heldLimitBytes;
	}

	/** The seq of the last event passed, or {@code -1} while unknown. */
	long lastSeq() {
		return this.lastSeq;
	}

	/**
	 * Offers an event frame. Call from the session's lane.
	 * @param frame the frame, with its seq
	 * @return what to do with it
	 */
	Verdict offerEvent(Frame frame) {
		if (this.holding) {
			Verdict verdict = hold(frame);
			if (verdict != null) {
				return verdict;
			}
		}
		if (frame.seq() <= this.lastSeq) {
			return Verdict.DUPLICATE;
		}
		if (this.lastSeq >= 0 && frame.seq() > this.lastSeq + 1) {
			startHolding();
			return (hold(frame) == Verdict.OVERFLOW) ? Verdict.OVERFLOW : Verdict.GAP;
		}
		this.lastSeq = frame.seq();
		return Verdict.PASS;
	}

	/**
	 * Offers a control frame (ping, pong, error): held while holding, so it keeps its
	 * place among the events.
	 * @param frame the frame
	 * @return {@link Verdict#PASS}, {@link Verdict#HELD} or {@link Verdict#OVERFLOW}
	 */
	Verdict offerControl(Frame frame) {
		if (this.holding) {
			Verdict verdict = hold(frame);
			if (verdict != null) {
				return verdict;
			}
		}
		return Verdict.PASS;
	}

	/**
	 * Stops holding: hands over the first frames (hello, history or resync), then the
	 * held frames the client does not have yet. Holds on when the held events still miss
	 * one.
	 * @param first the frames that go first
	 * @param lastSeq the seq the client has once it got the first frames ({@code -1} when
	 * unknown)
	 * @param sink takes the frames in order, while no other frame can pass
	 * @return whether a seq is still missing (the gate holds on)
	 */
	boolean open(List<Frame> first, long lastSeq, Consumer<Frame> sink) {
		synchronized (this.held) {
			first.forEach(sink);
			this.lastSeq = lastSeq;
			List<Frame> stillHeld = new ArrayList<>();
			boolean gap = false;
			for (Frame frame : this.held) {
				if (gap) {
					stillHeld.add(frame);
				}
				else if (frame.seq() >= 0 && this.lastSeq >= 0 && frame.seq() > this.lastSeq + 1) {
					// events went missing while this session was held: repair again
					gap = true;
					stillHeld.add(frame);
				}
				else if (frame.seq() < 0 || frame.seq() > this.lastSeq) {
					sink.accept(frame);
					this.lastSeq = Math.max(this.lastSeq, frame.seq());
				}
			}
			this.held.clear();
			this.held.addAll(stillHeld);
			this.heldBytes = stillHeld.stream().mapToLong(Frame::bytes).sum();
			this.holding = gap;
			return gap;
		}
	}

	/**
	 * Starts holding so the events after the last seq can be fetched, as after a broker
	 * reconnect. Nothing to do while already holding or while the last seq is unknown.
	 * @return whether the caller is to fetch the events after {@link #lastSeq()}
	 */
	boolean holdForCatchUp() {
		if (this.holding || this.lastSeq < 0) {
			return false;
		}
		startHolding();
		return true;
	}

	private void startHolding() {
		synchronized (this.held) {
			this.holding = true;
		}
	}

	// null when no longer holding: the caller goes on as if it had not held
	private Verdict hold(Frame frame) {
		synchronized (this.held) {
			if (!this.holding) {
				return null;
			}
			this.heldBytes += frame.bytes();
			if (this.heldBytes > this.heldLimitBytes) {
				return Verdict.OVERFLOW;
			}
			this.held.add(frame);
			return Verdict.HELD;
		}
	}

}
