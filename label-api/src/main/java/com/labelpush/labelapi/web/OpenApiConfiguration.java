package com.labelpush.labelapi.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description at {@code /v3/api-docs} (browsable at {@code /swagger-ui.html}),
 * from which the admin front end can generate its client.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String BEARER = "bearer";

	@Bean
	OpenAPI labelApi() {
		return new OpenAPI()
			.info(new Info().title("label-api")
				.version("1")
				.description("Labels of cameras, their change history, and client tokens for push-gateway. "
						+ "Errors are RFC 9457 problem+json."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key, an identity provider's JWT, or (for one camera's reads) "
								+ "a client token")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
