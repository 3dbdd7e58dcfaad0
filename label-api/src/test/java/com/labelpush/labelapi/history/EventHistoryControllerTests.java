package com.labelpush.labelapi.history;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.RestSliceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

/** Bad history requests answered with a problem detail before the history is read. */
@RestSliceTest(EventHistoryController.class)
class EventHistoryControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	EventHistory history;

	@AfterEach
	void nothingReadTheHistory() {
		verifyNoInteractions(this.history);
	}

	@ParameterizedTest
	@ValueSource(strings = { "bad*id", "a.b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void shouldRejectAnInvalidCameraIdInThePath(String camera) {
		MvcTestResult result = get("/api/cameras/" + camera + "/events");

		assertThat(result).hasStatus(400);
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("1-64 characters of A-Z, a-z, 0-9");
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=1001", "limit=many", "afterSeq=-1", "afterSeq=1e3",
			"afterSeq=99999999999999999999" })
	void shouldRejectParametersOutOfRange(String query) {
		MvcTestResult result = get("/api/cameras/cam-7/events?" + query);

		assertThat(result).hasStatus(400);
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "cameraId=", "cameraId=bad*id", "cameraId=cam-1&cameraId=a.b" })
	void shouldRejectABadListOfCamerasForTheirLatestSeqs(String query) {
		MvcTestResult result = get("/api/cameras/latest-seqs?" + query);

		assertThat(result).hasStatus(400);
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
	}

	@Test
	void shouldRejectMoreThan50CamerasAtOnce() {
		String query = IntStream.rangeClosed(1, 51)
			.mapToObj((i) -> "cameraId=cam-" + i)
			.collect(Collectors.joining("&"));

		MvcTestResult result = get("/api/cameras/latest-seqs?" + query);

		assertThat(result).hasStatus(400);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("50");
	}

	private MvcTestResult get(String uri) {
		return this.mvc.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.READER_KEY).exchange();
	}

}
