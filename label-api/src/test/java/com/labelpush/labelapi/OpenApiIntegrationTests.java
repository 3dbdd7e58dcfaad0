package com.labelpush.labelapi;

import com.labelpush.labelapi.support.Api;
import com.labelpush.labelapi.support.LabelApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The API description the admin front end's developers generate their client from. */
@LabelApiIntegrationTest
class OpenApiIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void shouldDescribeEveryCallAndTheBearerScheme() {
		Api anonymous = new Api(this.port).as(null);

		Api.Reply reply = anonymous.get("/v3/api-docs");

		assertThat(reply.status()).isEqualTo(200);
		JsonNode api = reply.json();
		assertThat(api.get("paths").propertyNames()).contains("/api/labels", "/api/labels/{id}",
				"/api/cameras/{cameraId}/events", "/api/client-tokens");
		assertThat(api.get("paths").get("/api/labels").propertyNames()).contains("get", "post");
		assertThat(api.get("paths").get("/api/labels/{id}").propertyNames()).contains("get", "put", "delete");
		assertThat(api.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
			.isEqualTo("bearer");
	}

	@Test
	void shouldServeTheBrowsableDescription() {
		Api.Reply page = new Api(this.port).as(null).get("/swagger-ui/index.html");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
	}

}
