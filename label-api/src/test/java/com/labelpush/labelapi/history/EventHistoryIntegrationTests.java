package com.labelpush.labelapi.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.labelpush.events.CameraId;
import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.Api.Reply;
import com.labelpush.labelapi.support.CameraQueue;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

@LabelApiIntegrationTest
class EventHistoryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventHistory history;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	private Api api;

	private String camera;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new Api(this.port);
		this.camera = freshCamera();
		try (CameraQueue queue = CameraQueue.bind(CameraId.of(this.camera))) {
			for (int i = 1; i <= 3; i++) {
				this.api.post("/api/labels", Api.label(this.camera, "label " + i, i, i));
			}
			// Published, so pruning may remove them.
			queue.next(3, Duration.ofSeconds(10));
		}
	}

	@Test
	void shouldAnswerGoneWhenTheRequestedRangeWasPruned() {
		this.history.pruneBefore(Instant.now().plusSeconds(1));

		Reply expired = this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=0");
		Reply upToDate = this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=3");

		assertThat(expired.status()).isEqualTo(410);
		assertThat(expired.contentType()).startsWith("application/problem+json");
		assertThat(expired.json().get("latestSeq").asLong()).isEqualTo(3);
		assertThat(expired.json().get("detail").asString()).contains("/api/labels?cameraId=" + this.camera);
		assertThat(upToDate.status()).isEqualTo(200);
		assertThat(upToDate.json().get("latestSeq").asLong()).isEqualTo(3);
		assertThat(upToDate.json().get("events")).isEmpty();
	}

	@Test
	void shouldAnswerTheLatestSeqWhenAskedFromAheadOfIt() {
		Reply ahead = this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=7");

		assertThat(ahead.status()).isEqualTo(200);
		assertThat(ahead.json().get("latestSeq").asLong()).isEqualTo(3);
		assertThat(ahead.json().get("events")).isEmpty();
	}

	@Test
	void shouldAnswerTheLatestSeqOfSeveralCamerasAtOnce() {
		String quiet = freshCamera();

		Reply reply = this.api.get(
				"/api/cameras/latest-seqs?cameraId=" + this.camera + "&cameraId=" + quiet + "&cameraId=" + this.camera);

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().get("latestSeqs").properties()).hasSize(2);
		assertThat(reply.json().get("latestSeqs").get(this.camera).asLong()).isEqualTo(3);
		assertThat(reply.json().get("latestSeqs").get(quiet).asLong()).isZero();
	}

	@Test
	void shouldAnswerTheLatestSeqsToReadersOnly() {
		assertThat(this.api.as(null).get("/api/cameras/latest-seqs?cameraId=" + this.camera).status()).isEqualTo(401);
		assertThat(this.api.as(Api.READER_KEY).get("/api/cameras/latest-seqs?cameraId=" + this.camera).status())
			.isEqualTo(200);
	}

	@Test
	void shouldKeepEventsWithinTheRetention() {
		this.history.pruneBefore(Instant.now().minusSeconds(60));

		assertThat(this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=0").json().get("events")).hasSize(3);
	}

	@Test
	void shouldNeverPruneAnUnpublishedEventNorLeaveAHoleBehindIt() {
		// One transaction: the relay cannot see (and republish) the unpublished row
		// before the prune runs.
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			this.jdbc.sql("""
					INSERT INTO outbox (position, occurred_at)
					SELECT position, occurred_at FROM label_event WHERE camera_id = :camera AND seq = 2
					""").param("camera", this.camera).update();
			this.history.pruneBefore(Instant.now().plusSeconds(1));
		});

		List<Long> kept = this.jdbc.sql("SELECT seq FROM label_event WHERE camera_id = :camera ORDER BY seq")
			.param("camera", this.camera)
			.query(Long.class)
			.list();
		assertThat(kept).containsExactly(2L, 3L);
		assertThat(this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=1").status()).isEqualTo(200);
		assertThat(this.api.get("/api/cameras/" + this.camera + "/events?afterSeq=0").status()).isEqualTo(410);
	}

}
