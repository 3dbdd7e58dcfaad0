package com.labelpush.labelapi.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer token as an API key first and, where an identity provider is
 * configured, as one of its JWTs.
 */
final class BearerAuthentication implements AuthenticationManager {

	private final ApiKeys apiKeys;

	private final @Nullable AuthenticationProvider jwt;

	BearerAuthentication(ApiKeys apiKeys, @Nullable AuthenticationProvider jwt) {
		this.apiKeys = apiKeys;
		this.jwt = jwt;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		Authentication apiKey = this.apiKeys.find(token);
		if (apiKey != null) {
			return apiKey;
		}
		if (this.jwt != null && looksLikeJwt(token)) {
			return this.jwt.authenticate(authentication);
		}
		throw new InvalidBearerTokenException((this.jwt != null)
				? "The bearer token is neither a known API key nor a JWT" : "The bearer token is not a known API key");
	}

	private static boolean looksLikeJwt(String token) {
		return token.chars().filter((c) -> c == '.').count() == 2;
	}

}
