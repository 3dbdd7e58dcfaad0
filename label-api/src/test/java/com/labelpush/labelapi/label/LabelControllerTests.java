package com.labelpush.labelapi.label;

import java.util.List;
import java.util.UUID;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.RestSliceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Every bad request to {@code /api/labels} answered with a problem detail naming what is
 * wrong, before the labels are touched: the service behind the controller is never
 * called.
 */
@RestSliceTest(LabelController.class)
class LabelControllerTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String LABELS = "/api/labels";

	private static final String A_LABEL = LABELS + "/" + UUID.randomUUID();

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	LabelService labels;

	@AfterEach
	void nothingReachedTheLabels() {
		verifyNoInteractions(this.labels);
	}

	@Test
	void shouldNameEachInvalidField() {
		MvcTestResult result = asAdmin(this.mvc.post().uri(LABELS)).contentType(MediaType.APPLICATION_JSON).content("""
				{"cameraId": "cam.7", "name": " ", "x": -1, "y": 5, "imageUrl": "ftp://x", "width": 0}
				""").exchange();

		assertProblem(result, 400);
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("cameraId", "name", "x", "imageUrl", "width");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
	}

	@Test
	void shouldRequireACameraIdOnCreate() {
		MvcTestResult result = post("{\"name\": \"no camera\", \"x\": 1, \"y\": 2}");

		assertProblem(result, 400);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("cameraId");
	}

	@ParameterizedTest
	@ValueSource(strings = { "cam*", "cam#", "a.b", "cam 7", "" })
	void shouldRejectCameraIdsThatWouldChangeTopicRouting(String camera) {
		MvcTestResult result = post(Api.label(camera, "n", 1, 1));

		assertProblem(result, 400);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("cameraId");
	}

	@Test
	void shouldRejectACameraIdLongerThan64Characters() {
		assertProblem(post(Api.label("x".repeat(65), "n", 1, 1)), 400);
	}

	@Test
	void shouldAnswer400ForAnIdThatIsNotAUuid() {
		assertProblem(asAdmin(this.mvc.get().uri(LABELS + "/not-a-uuid")).exchange(), 400);
		assertProblem(asAdmin(this.mvc.put().uri(LABELS + "/not-a-uuid")).contentType(MediaType.APPLICATION_JSON)
			.content(Api.label("cam-7", "n", 1, 1))
			.exchange(), 400);
		assertProblem(asAdmin(this.mvc.delete().uri(LABELS + "/not-a-uuid")).exchange(), 400);
	}

	@Test
	void shouldAnswer415ForAnotherMediaType() {
		assertProblem(
				asAdmin(this.mvc.post().uri(LABELS)).contentType(MediaType.TEXT_PLAIN).content("cameraId=x").exchange(),
				415);
		assertProblem(asAdmin(this.mvc.put().uri(A_LABEL)).contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("cameraId=x")
			.exchange(), 415);
	}

	@Test
	void shouldAnswer400ForMalformedJson() {
		MvcTestResult result = post("{\"cameraId\": \"cam-7\", \"name\": ");

		assertProblem(result, 400);
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Malformed request body");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "[]", "42", "null" })
	void shouldAnswer400ForABodyThatIsNoLabel(String body) {
		assertProblem(post(body), 400);
	}

	@Test
	void shouldAnswer400ForAFieldOfTheWrongType() {
		MvcTestResult result = post("{\"cameraId\": \"cam-7\", \"name\": \"n\", \"x\": \"left\", \"y\": 1}");

		assertProblem(result, 400);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("x");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("field x");
	}

	@Test
	void shouldAnswer413ForABodyOverTheLimit() {
		String huge = "{\"cameraId\": \"cam-7\", \"name\": \"" + "a".repeat(70 * 1024) + "\"}";

		assertProblem(post(huge), 413);
	}

	@Test
	void shouldRejectAnUnusableIdempotencyKey() {
		MvcTestResult tooLong = asAdmin(this.mvc.post().uri(LABELS)).contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "k".repeat(256))
			.content(Api.label("cam-7", "n", 1, 1))
			.exchange();
		MvcTestResult withSpace = asAdmin(this.mvc.post().uri(LABELS)).contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "a b")
			.content(Api.label("cam-7", "n", 1, 1))
			.exchange();

		assertProblem(tooLong, 400);
		assertThat(tooLong).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("idempotencyKey");
		assertProblem(withSpace, 400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cameraId=bad*id", "cameraId=cam-7&size=0", "cameraId=cam-7&size=501",
			"cameraId=cam-7&page=-1", "cameraId=cam-7&page=first" })
	void shouldRejectBadListParameters(String query) {
		assertProblem(asAdmin(this.mvc.get().uri(LABELS + "?" + query)).exchange(), 400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"abc\"", "\"-1\"", "\"1\", \"2\"", "\"12345678901234567890\"" })
	void shouldRejectAMalformedIfMatch(String ifMatch) {
		MvcTestResult put = asAdmin(this.mvc.put().uri(A_LABEL)).contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.IF_MATCH, ifMatch)
			.content(Api.label("cam-7", "v2", 1, 1))
			.exchange();
		MvcTestResult delete = asAdmin(this.mvc.delete().uri(A_LABEL)).header(HttpHeaders.IF_MATCH, ifMatch).exchange();

		assertProblem(put, 400);
		assertThat(put).bodyJson().extractingPath("$.detail").asString().contains("If-Match");
		assertProblem(delete, 400);
	}

	@Test
	void shouldRefuseWritesWithoutTheWriteScope() {
		for (String key : List.of("", "Bearer unknown-key", "Basic dGVzdDp0ZXN0")) {
			MvcTestResult result = this.mvc.post()
				.uri(LABELS)
				.header(HttpHeaders.AUTHORIZATION, key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(Api.label("cam-7", "n", 1, 1))
				.exchange();
			assertProblem(result, 401);
		}
		MvcTestResult reader = this.mvc.post()
			.uri(LABELS)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.READER_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.content(Api.label("cam-7", "n", 1, 1))
			.exchange();
		assertProblem(reader, 403);
	}

	private MvcTestResult post(String body) {
		return asAdmin(this.mvc.post().uri(LABELS)).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private static MockMvcRequestBuilder asAdmin(MockMvcRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + Api.ADMIN_KEY);
	}

	private static void assertProblem(MvcTestResult result, int status) {
		assertThat(result).hasStatus(status);
		assertThat(result.getResponse().getContentType()).startsWith(PROBLEM_JSON);
	}

}
