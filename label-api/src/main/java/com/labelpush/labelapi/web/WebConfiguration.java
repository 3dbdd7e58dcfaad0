package com.labelpush.labelapi.web;

import java.util.List;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	private final WebProperties properties;

	WebConfiguration(WebProperties properties) {
		this.properties = properties;
	}

	// Applied by Spring Security's CORS filter, so a preflight is answered before any
	// credentials are asked for.
	@Bean
	CorsConfigurationSource corsConfigurationSource() {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!this.properties.corsAllowedOrigins().isEmpty()) {
			CorsConfiguration api = new CorsConfiguration();
			api.setAllowedOrigins(this.properties.corsAllowedOrigins());
			api.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
			api.setAllowedHeaders(List.of("*"));
			api.setExposedHeaders(List.of("Location", "ETag"));
			source.registerCorsConfiguration("/api/**", api);
		}
		return source;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
			HandlerExceptionResolver handlerExceptionResolver) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(this.properties.maxBodySize(), handlerExceptionResolver));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
