package com.labelpush.labelapi.security;

import com.labelpush.clienttokens.ClientTokenRules;
import com.labelpush.labelapi.clienttoken.ClientTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer token as an API key; as one of label-api's own client tokens
 * when it names label-api's signing key; otherwise, where an identity provider is
 * configured, as one of its JWTs.
 */
final class BearerAuthentication implements AuthenticationManager {

	private final ApiKeys apiKeys;

	private final ClientTokens clientTokens;

	private final JwtDecoder clientTokenVerifier;

	private final @Nullable AuthenticationProvider jwt;

	BearerAuthentication(ApiKeys apiKeys, ClientTokens clientTokens, @Nullable AuthenticationProvider jwt) {
		this.apiKeys = apiKeys;
		this.clientTokens = clientTokens;
		this.clientTokenVerifier = clientTokens.verifier();
		this.jwt = jwt;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		Authentication apiKey = this.apiKeys.find(token);
		if (apiKey != null) {
			return apiKey;
		}
		if (this.clientTokens.namesOwnKey(token)) {
			return clientToken(token);
		}
		if (this.jwt != null && looksLikeJwt(token)) {
			return this.jwt.authenticate(authentication);
		}
		throw new InvalidBearerTokenException((this.jwt != null)
				? "The bearer token is neither a known API key nor a JWT" : "The bearer token is not a known API key");
	}

	private Authentication clientToken(String token) {
		try {
			Jwt jwt = this.clientTokenVerifier.decode(token);
			String camera = jwt.getClaimAsString(ClientTokenRules.CAMERA_CLAIM);
			if (camera == null) {
				throw new InvalidBearerTokenException("The client token names no camera");
			}
			return new CameraClientAuthentication(camera);
		}
		catch (JwtException ex) {
			throw new InvalidBearerTokenException("The client token is not valid: " + ex.getMessage(), ex);
		}
	}

	private static boolean looksLikeJwt(String token) {
		return token.chars().filter((c) -> c == '.').count() == 2;
	}

}
