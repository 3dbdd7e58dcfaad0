package com.labelpush.gateway.security;

import java.time.Duration;
import java.time.Instant;

import com.labelpush.events.CameraId;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Checks that a client token is genuine, current and for the camera asked for. */
public class ClientTokenVerifier {

	/** The claim naming the camera a token opens, as label-api issues it. */
	static final String CAMERA_CLAIM = "cameraId";

	private final JwtDecoder decoder;

	private final Duration clockSkew;

	ClientTokenVerifier(JwtDecoder decoder, Duration clockSkew) {
		this.decoder = decoder;
		this.clockSkew = clockSkew;
	}

	/**
	 * Verifies a token.
	 * @param token the token the client sent, if any
	 * @param camera the camera it wants to watch
	 * @return what the token allows
	 * @throws TokenRefused when it does not open that camera
	 */
	public ClientGrant verify(@Nullable String token, CameraId camera) throws TokenRefused {
		if (token == null || token.isBlank()) {
			throw new TokenRefused(HttpStatus.UNAUTHORIZED, "missing_token",
					"a client token is required: ?token=<token> or an Authorization: Bearer header");
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (BadJwtException ex) {
			throw new TokenRefused(HttpStatus.UNAUTHORIZED, "invalid_token", "the client token is not valid: "
					+ ex.getMessage().replace("An error occurred while attempting to decode the Jwt: ", ""));
		}
		catch (JwtException ex) {
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof RateLimitReachedException) {
				// the key set was fetched moments ago and has no such key
				throw new TokenRefused(HttpStatus.UNAUTHORIZED, "invalid_token",
						"the client token is not valid: it is signed with an unknown key");
			}
			throw new TokenRefused(HttpStatus.SERVICE_UNAVAILABLE, "token_keys_unavailable",
					"the keys that verify client tokens could not be fetched; retry later");
		}
		String tokenCamera = jwt.getClaimAsString(CAMERA_CLAIM);
		if (!camera.value().equals(tokenCamera)) {
			throw new TokenRefused(HttpStatus.FORBIDDEN, "wrong_camera",
					"the client token does not open camera " + camera.value());
		}
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			throw new TokenRefused(HttpStatus.UNAUTHORIZED, "invalid_token", "the client token has no expiry");
		}
		return new ClientGrant(camera, expiresAt, expiresAt.plus(this.clockSkew));
	}

}
