package com.labelpush.labelapi;

import java.time.Duration;

import com.labelpush.events.CameraId;
import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.CameraQueue;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/** What an operator scrapes and probes. */
@LabelApiIntegrationTest
class OperationsIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void shouldReportLivenessReadinessAndBrokerHealthToProbesWithoutDetails() {
		// Probes carry no credentials.
		Api probe = new Api(this.port).as(null);

		assertThat(probe.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
		assertThat(probe.get("/actuator/health/readiness").json().propertyNames()).containsExactly("status");
		assertThat(probe.get("/actuator/health/broker").json().propertyNames()).containsExactly("status");
		// the group names, but not what is inside them
		assertThat(probe.get("/actuator/health").json().propertyNames()).doesNotContain("components", "details");
		// a reader's key (say, a gateway's) is no operator's
		assertThat(probe.as(Api.READER_KEY).get("/actuator/health/readiness").json().propertyNames())
			.containsExactly("status");
	}

	@Test
	void shouldShowTheHealthOfEachComponentToAnOperator() {
		Api operator = new Api(this.port);

		Api.Reply readiness = operator.get("/actuator/health/readiness");
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.json().get("components").propertyNames()).contains("db", "readinessState")
			.doesNotContain("rabbit");
		assertThat(
				operator.get("/actuator/health/broker").json().get("components").get("rabbit").get("status").asString())
			.isEqualTo("UP");
	}

	@Test
	void shouldExposeOutboxMetricsForPrometheus() throws Exception {
		Api api = new Api(this.port);
		String camera = freshCamera();
		try (CameraQueue queue = CameraQueue.bind(CameraId.of(camera))) {
			api.post("/api/labels", Api.label(camera, "metered", 1, 1));
			queue.next(Duration.ofSeconds(10));
		}

		String scrape = api.as(null).get("/actuator/prometheus").response().body();

		assertThat(scrape).contains("labels_outbox_backlog", "labels_outbox_oldest_age_seconds",
				"labels_outbox_failed_batches_total", "labels_outbox_commit_to_confirm_seconds_bucket",
				"http_server_requests_seconds_bucket");
		assertThat(scrape).containsPattern("labels_outbox_published_total\\{[^}]*\\} [1-9]");
		assertThat(scrape).containsPattern("labels_outbox_commit_to_confirm_seconds_count\\{[^}]*\\} [1-9]");
	}

}
