package com.labelpush.gateway.routing;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.LatestSeqs.CameraStream;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** What a gateway may say a camera's latest seq is without asking label-api. */
class LatestSeqsTests {

	private static final CameraId CAMERA = CameraId.of("cam-7");

	private final LatestSeqs latestSeqs = new LatestSeqs();

	@Test
	void shouldKnowNothingOfACameraItIsNotBoundTo() {
		this.latestSeqs.observe(CAMERA, 5, frame(5));

		assertThat(this.latestSeqs.stream(CAMERA)).isNull();
	}

	@Test
	void shouldKnowNothingOfABoundCameraUntilTheHistoryAnswers() {
		this.latestSeqs.bound(CAMERA);
		this.latestSeqs.observe(CAMERA, 4, frame(4));
		this.latestSeqs.observe(CAMERA, 5, frame(5));

		assertThat(this.latestSeqs.stream(CAMERA).latestSeq()).isEmpty();
	}

	@Test
	void shouldFollowTheStreamFromTheHistorysAnswer() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 4, frame(4));
		this.latestSeqs.observe(CAMERA, 5, frame(5));

		assertThat(stream.latestSeq()).hasValue(5);
	}

	@Test
	void shouldIgnoreEventsTheAnswerAlreadyCovered() {
		CameraStream stream = bound();
		// published before the answer was read, delivered after
		stream.learn(7);
		this.latestSeqs.observe(CAMERA, 6, frame(6));
		this.latestSeqs.observe(CAMERA, 7, frame(7));
		this.latestSeqs.observe(CAMERA, 8, frame(8));

		assertThat(stream.latestSeq()).hasValue(8);
	}

	@Test
	void shouldForgetTheLatestSeqAtAGap() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 5, frame(5));

		assertThat(stream.latestSeq()).isEmpty();
		this.latestSeqs.observe(CAMERA, 6, frame(6));
		assertThat(stream.latestSeq()).as("still unknown after the gap").isEmpty();
		stream.learn(6);
		assertThat(stream.latestSeq()).as("the next answer").hasValue(6);
	}

	@Test
	void shouldNotTakeAnAnswerOlderThanAnEventAlreadySeen() {
		CameraStream stream = bound();
		// seq 5 arrived while the answer (latest 4) was on its way: was 4 seen? unknown
		this.latestSeqs.observe(CAMERA, 5, frame(5));
		stream.learn(4);

		assertThat(stream.latestSeq()).isEmpty();
		stream.learn(5);
		assertThat(stream.latestSeq()).hasValue(5);
	}

	@Test
	void shouldForgetEverythingAtANewBrokerConnection() {
		CameraStream stream = bound();
		stream.learn(3);

		this.latestSeqs.forgetAll();

		assertThat(this.latestSeqs.stream(CAMERA).latestSeq()).isEmpty();
		// an answer read under the old connection teaches the new stream nothing
		stream.learn(9);
		assertThat(this.latestSeqs.stream(CAMERA).latestSeq()).isEmpty();
	}

	@Test
	void shouldForgetACameraOnceUnbound() {
		CameraStream stream = bound();
		stream.learn(3);

		this.latestSeqs.unbound(CAMERA);

		assertThat(this.latestSeqs.stream(CAMERA)).isNull();
		this.latestSeqs.bound(CAMERA);
		assertThat(this.latestSeqs.stream(CAMERA).latestSeq()).isEmpty();
	}

	@Test
	void shouldKeepTheLastEventsOfAnUnbrokenStreamForResumes() {
		CameraStream stream = bound();
		stream.learn(3);
		for (long seq = 4; seq <= 30; seq++) {
			this.latestSeqs.observe(CAMERA, seq, frame(seq));
		}

		assertThat(stream.after(30).frames()).isEmpty();
		assertThat(stream.after(27).frames()).extracting(TextMessage::getPayload)
			.containsExactly("event 28", "event 29", "event 30");
		assertThat(stream.after(14).latestSeq()).isEqualTo(30);
		assertThat(stream.after(14).frames()).hasSize(16);
		assertThat(stream.after(13)).as("older than the last 16").isNull();
		assertThat(stream.after(31)).as("ahead of the stream").isNull();
	}

	@Test
	void shouldKeepNoEventsAcrossAGap() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 4, frame(4));
		this.latestSeqs.observe(CAMERA, 6, frame(6));
		stream.learn(6);

		assertThat(stream.after(6).frames()).isEmpty();
		assertThat(stream.after(4)).as("5 never came").isNull();
	}

	@Test
	void shouldKeepNoEventsWhileTheLatestSeqIsUnknown() {
		CameraStream stream = bound();
		this.latestSeqs.observe(CAMERA, 1, frame(1));

		assertThat(stream.after(0)).isNull();
	}

	@Test
	void shouldForgetEverythingWhenLabelApiIsBehindTheStreamAsAfterAReset() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 4, frame(4));

		stream.confirm(0, 4);

		assertThat(stream.latestSeq()).isEmpty();
		assertThat(stream.after(3)).isNull();
		stream.learn(1);
		assertThat(stream.latestSeq()).as("learned again from the next answer").hasValue(1);
	}

	@Test
	void shouldKeepWhatItHoldsWhenLabelApiConfirmsIt() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 4, frame(4));

		// read while event 5 was on its way
		stream.confirm(5, 4);

		assertThat(stream.latestSeq()).hasValue(4);
		assertThat(stream.after(3).frames()).extracting(TextMessage::getPayload).containsExactly("event 4");
	}

	private static TextMessage frame(long seq) {
		return new TextMessage("event " + seq);
	}

	private CameraStream bound() {
		this.latestSeqs.bound(CAMERA);
		return this.latestSeqs.stream(CAMERA);
	}

}
