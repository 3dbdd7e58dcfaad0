package com.labelpush.gateway.routing;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.routing.LatestSeqs.CameraStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a gateway may say a camera's latest seq is without asking label-api. */
class LatestSeqsTests {

	private static final CameraId CAMERA = CameraId.of("cam-7");

	private final LatestSeqs latestSeqs = new LatestSeqs();

	@Test
	void shouldKnowNothingOfACameraItIsNotBoundTo() {
		this.latestSeqs.observe(CAMERA, 5);

		assertThat(this.latestSeqs.stream(CAMERA)).isNull();
	}

	@Test
	void shouldKnowNothingOfABoundCameraUntilTheHistoryAnswers() {
		this.latestSeqs.bound(CAMERA);
		this.latestSeqs.observe(CAMERA, 4);
		this.latestSeqs.observe(CAMERA, 5);

		assertThat(this.latestSeqs.stream(CAMERA).latestSeq()).isEmpty();
	}

	@Test
	void shouldFollowTheStreamFromTheHistorysAnswer() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 4);
		this.latestSeqs.observe(CAMERA, 5);

		assertThat(stream.latestSeq()).hasValue(5);
	}

	@Test
	void shouldIgnoreEventsTheAnswerAlreadyCovered() {
		CameraStream stream = bound();
		// published before the answer was read, delivered after
		stream.learn(7);
		this.latestSeqs.observe(CAMERA, 6);
		this.latestSeqs.observe(CAMERA, 7);
		this.latestSeqs.observe(CAMERA, 8);

		assertThat(stream.latestSeq()).hasValue(8);
	}

	@Test
	void shouldForgetTheLatestSeqAtAGap() {
		CameraStream stream = bound();
		stream.learn(3);
		this.latestSeqs.observe(CAMERA, 5);

		assertThat(stream.latestSeq()).isEmpty();
		this.latestSeqs.observe(CAMERA, 6);
		assertThat(stream.latestSeq()).as("still unknown after the gap").isEmpty();
		stream.learn(6);
		assertThat(stream.latestSeq()).as("the next answer").hasValue(6);
	}

	@Test
	void shouldNotTakeAnAnswerOlderThanAnEventAlreadySeen() {
		CameraStream stream = bound();
		// seq 5 arrived while the answer (latest 4) was on its way: was 4 seen? unknown
		this.latestSeqs.observe(CAMERA, 5);
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

	private CameraStream bound() {
		this.latestSeqs.bound(CAMERA);
		return this.latestSeqs.stream(CAMERA);
	}

}
