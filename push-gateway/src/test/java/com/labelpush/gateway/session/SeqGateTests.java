package com.labelpush.gateway.session;

import java.util.ArrayList;
import java.util.List;

import com.labelpush.gateway.session.SeqGate.Verdict;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;

class SeqGateTests {

	private final SeqGate gate = new SeqGate(1000);

	private final List<Frame> written = new ArrayList<>();

	@Test
	void shouldHoldLiveEventsUntilOpenedThenWriteTheFirstFramesAndOnlyTheEventsTheyDoNotCover() {
		assertThat(this.gate.offerEvent(event(3))).isEqualTo(Verdict.HELD);
		assertThat(this.gate.offerEvent(event(4))).isEqualTo(Verdict.HELD);

		// hello and history up to seq 3
		boolean gap = this.gate.open(List.of(control("hello"), event(2), event(3)), 3, this.written::add);

		assertThat(gap).isFalse();
		assertThat(seqs()).containsExactly(-1L, 2L, 3L, 4L);
		assertThat(this.gate.lastSeq()).isEqualTo(4);
		assertThat(this.gate.offerEvent(event(5))).isEqualTo(Verdict.PASS);
	}

	@Test
	void shouldDropASeqTheClientAlreadyHas() {
		this.gate.open(List.of(), 7, this.written::add);

		assertThat(this.gate.offerEvent(event(7))).isEqualTo(Verdict.DUPLICATE);
		assertThat(this.gate.offerEvent(event(6))).isEqualTo(Verdict.DUPLICATE);
		assertThat(this.gate.offerEvent(event(8))).isEqualTo(Verdict.PASS);
		assertThat(this.gate.lastSeq()).isEqualTo(8);
	}

	@Test
	void shouldHoldEverythingAfterAGapUntilTheMissingEventsAreGiven() {
		this.gate.open(List.of(), 1, this.written::add);

		assertThat(this.gate.offerEvent(event(3))).isEqualTo(Verdict.GAP);
		assertThat(this.gate.lastSeq()).as("still the last one passed").isEqualTo(1);
		assertThat(this.gate.offerControl(control("pong"))).isEqualTo(Verdict.HELD);
		assertThat(this.gate.offerEvent(event(4))).isEqualTo(Verdict.HELD);

		boolean gap = this.gate.open(List.of(event(2)), 2, this.written::add);

		assertThat(gap).isFalse();
		assertThat(seqs()).containsExactly(2L, 3L, -1L, 4L);
		assertThat(this.gate.offerControl(control("pong"))).isEqualTo(Verdict.PASS);
	}

	@Test
	void shouldKeepHoldingWhenTheHeldEventsStillMissOne() {
		this.gate.offerEvent(event(5));
		this.gate.offerEvent(event(6));

		// the history went only up to 3
		boolean gap = this.gate.open(List.of(event(3)), 3, this.written::add);

		assertThat(gap).isTrue();
		assertThat(seqs()).containsExactly(3L);
		assertThat(this.gate.offerEvent(event(7))).isEqualTo(Verdict.HELD);
		this.gate.open(List.of(event(4)), 4, this.written::add);
		assertThat(seqs()).containsExactly(3L, 4L, 5L, 6L, 7L);
	}

	@Test
	void shouldPassEventsAfterAResyncWhateverTheirSeq() {
		this.gate.offerEvent(event(40));

		this.gate.open(List.of(control("resync")), -1, this.written::add);

		assertThat(seqs()).containsExactly(-1L, 40L);
		assertThat(this.gate.offerEvent(event(41))).isEqualTo(Verdict.PASS);
	}

	@Test
	void shouldHoldForACatchUpOnlyOnceTheLastSeqIsKnownAndNotTwice() {
		assertThat(this.gate.holdForCatchUp()).as("still holding for the start").isFalse();
		this.gate.open(List.of(), -1, this.written::add);
		assertThat(this.gate.holdForCatchUp()).as("last seq unknown").isFalse();
		this.gate.offerEvent(event(9));

		assertThat(this.gate.holdForCatchUp()).isTrue();
		assertThat(this.gate.holdForCatchUp()).isFalse();
		assertThat(this.gate.offerEvent(event(10))).isEqualTo(Verdict.HELD);
	}

	@Test
	void shouldOverflowWhenHoldingMoreThanItsLimit() {
		SeqGate small = new SeqGate(10);

		assertThat(small.offerEvent(new Frame(new TextMessage("123456"), -1, 1))).isEqualTo(Verdict.HELD);
		assertThat(small.offerEvent(new Frame(new TextMessage("123456"), -1, 2))).isEqualTo(Verdict.OVERFLOW);
		assertThat(small.offerControl(Frame.control(new PingMessage()))).isEqualTo(Verdict.OVERFLOW);
	}

	private List<Long> seqs() {
		return this.written.stream().map(Frame::seq).toList();
	}

	private static Frame event(long seq) {
		return new Frame(new TextMessage("{\"seq\":" + seq + "}"), 1, seq);
	}

	private static Frame control(String type) {
		return Frame.control(new TextMessage("{\"type\":\"" + type + "\"}"));
	}

}
