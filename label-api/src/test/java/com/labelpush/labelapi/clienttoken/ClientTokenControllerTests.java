package com.labelpush.labelapi.clienttoken;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.RestSliceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Bad token requests answered with a problem detail naming the field; no token issued.
 */
@RestSliceTest(ClientTokenController.class)
class ClientTokenControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoSpyBean
	ClientTokens tokens;

	@AfterEach
	void noTokenIssued() {
		verify(this.tokens, never()).issue(any(), any(), any());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"cameraId":"cam.7"}                      | cameraId
			{"ttlSeconds":60}                         | cameraId
			{"cameraId":"cam-7","ttlSeconds":0}       | ttlSeconds
			{"cameraId":"cam-7","ttlSeconds":-5}      | ttlSeconds
			{"cameraId":"cam-7","ttlSeconds":86401}   | ttlSeconds
			{"cameraId":"cam-7","ttlSeconds":"soon"}  | ttlSeconds
			""")
	void shouldNameTheWrongFieldOfATokenRequest(String body, String field) {
		MvcTestResult result = request(Api.ADMIN_KEY, body);

		assertThat(result).hasStatus(400);
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
	}

	@Test
	void shouldIssueTokensToAdminsOnly() {
		assertThat(request(Api.READER_KEY, "{\"cameraId\":\"cam-7\"}")).hasStatus(403);
		assertThat(request(null, "{\"cameraId\":\"cam-7\"}")).hasStatus(401);
	}

	private MvcTestResult request(String key, String body) {
		var request = this.mvc.post().uri("/api/client-tokens").contentType(MediaType.APPLICATION_JSON).content(body);
		if (key != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		}
		return request.exchange();
	}

}
