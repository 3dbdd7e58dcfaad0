package com.labelpush.labelapi.security;

import com.labelpush.labelapi.clienttoken.ClientTokens;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every call under {@code /api} needs a bearer token: an API key from
 * {@code labels.security.api-keys}, one of the JWTs of the identity provider that
 * {@code spring.security.oauth2.resourceserver.jwt.*} names, or (for one camera's reads)
 * that camera's client token. With neither keys nor a provider configured label-api
 * refuses to start rather than run open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiSecurityProperties properties,
			ObjectProvider<JwtDecoder> jwtDecoder, ObjectProvider<JwtAuthenticationConverter> jwtConverter,
			ClientTokens clientTokens, JsonMapper json) {
		ApiKeys apiKeys = new ApiKeys(properties.apiKeys());
		JwtAuthenticationProvider jwt = jwtProvider(jwtDecoder.getIfAvailable(), jwtConverter.getIfAvailable());
		if (apiKeys.isEmpty() && jwt == null) {
			throw new IllegalStateException("No credentials are configured, so no call could be authorized. Set "
					+ "labels.security.api-keys (see docs/label-api.md, 'Security') or "
					+ "spring.security.oauth2.resourceserver.jwt.issuer-uri / jwk-set-uri; "
					+ "for a developer machine only, run with the profile 'local'.");
		}
		BearerAuthentication bearer = new BearerAuthentication(apiKeys, clientTokens, jwt);
		ProblemResponses problems = new ProblemResponses(json);
		String read = Scopes.authority(Scopes.READ);
		String write = Scopes.authority(Scopes.WRITE);
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.cors(Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> {
				requests
					.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
							"/actuator/prometheus", "/error")
					.permitAll();
				requests
					.requestMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/v3/api-docs", "/v3/api-docs/**",
							"/swagger-ui.html", "/swagger-ui/**", "/", "/index.html")
					// key set, API description, demo page: no data
					.permitAll();
				if (properties.readsRequireToken()) {
					// a desktop client's token reads its own camera's labels and history
					requests.requestMatchers(HttpMethod.GET, "/api/labels").access(CameraReads.byQueryParameter());
					requests.requestMatchers(HttpMethod.GET, "/api/cameras/{cameraId}/events")
						.access(CameraReads.byPathVariable());
					requests.requestMatchers(HttpMethod.GET, "/api/**").hasAnyAuthority(read, write);
				}
				else {
					requests.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
				}
				requests.requestMatchers("/api/**").hasAuthority(write);
				requests.anyRequest().authenticated();
			})
			.oauth2ResourceServer((server) -> server.authenticationManagerResolver((request) -> bearer)
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	private static @Nullable JwtAuthenticationProvider jwtProvider(@Nullable JwtDecoder decoder,
			@Nullable JwtAuthenticationConverter converter) {
		if (decoder == null) {
			return null;
		}
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		if (converter != null) {
			provider.setJwtAuthenticationConverter(converter);
		}
		return provider;
	}

}
