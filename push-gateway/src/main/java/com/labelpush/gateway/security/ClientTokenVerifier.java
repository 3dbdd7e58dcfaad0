package com.labelpush.gateway.security;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.labelpush.clienttokens.ClientTokenRules;
import com.labelpush.events.CameraId;
import com.labelpush.gateway.security.TokenRefused.Kind;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Checks that a client token is genuine, current and for the camera asked for. A token
 * verified once is remembered until it expires: a client reconnecting with the token it
 * already used (after a gateway failed, every client of that gateway does) costs a lookup
 * instead of an ES256 verification, the largest part of a handshake's CPU. Only the exact
 * token string hits, so nothing is accepted that was not verified.
 */
public class ClientTokenVerifier {

	private static final String DECODE_ERROR = "An error occurred while attempting to decode the Jwt: ";

	// about 0.5 KB a token: 10 MB at most
	private static final int REMEMBERED_TOKENS = 20_000;

	private final JwtDecoder decoder;

	private final Duration clockSkew;

	private final Cache<String, Verified> verified;

	ClientTokenVerifier(JwtDecoder decoder, Duration clockSkew) {
		this.decoder = decoder;
		this.clockSkew = clockSkew;
		this.verified = Caffeine.newBuilder()
			.maximumSize(REMEMBERED_TOKENS)
			.expireAfter(Expiry.creating((String token,
					Verified grant) -> Duration.between(Instant.now(), grant.usableUntil()).plusSeconds(1)))
			.build();
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
			throw new TokenRefused(Kind.MISSING, "missing token",
					"a client token is required: ?token=<token> or an Authorization: Bearer header");
		}
		Verified known = this.verified.getIfPresent(token);
		if (known != null && known.usableUntil().isAfter(Instant.now())) {
			return grant(known, camera);
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (BadJwtException ex) {
			throw new TokenRefused(Kind.INVALID, "invalid token: " + invalidBecause(ex),
					"the client token is not valid: " + ex.getMessage().replace(DECODE_ERROR, ""));
		}
		catch (JwtException ex) {
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof RateLimitReachedException) {
				// the key set was fetched moments ago and has no such key
				throw new TokenRefused(Kind.INVALID, "invalid token: unknown signing key",
						"the client token is not valid: it is signed with an unknown key");
			}
			throw new TokenRefused(Kind.KEYS_UNAVAILABLE, "token keys unavailable",
					"the keys that verify client tokens could not be fetched; retry later");
		}
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			throw new TokenRefused(Kind.INVALID, "invalid token: no expiry", "the client token has no expiry");
		}
		Verified grant = new Verified(jwt.getClaimAsString(ClientTokenRules.CAMERA_CLAIM), expiresAt,
				expiresAt.plus(this.clockSkew));
		this.verified.put(token, grant);
		return grant(grant, camera);
	}

	private static ClientGrant grant(Verified token, CameraId camera) throws TokenRefused {
		if (!camera.value().equals(token.camera())) {
			throw new TokenRefused(Kind.WRONG_CAMERA, "token opens another camera",
					"the client token does not open camera " + camera.value());
		}
		return new ClientGrant(camera, token.expiresAt(), token.usableUntil());
	}

	// In a few words, for a close reason; the message has the decoder's whole account.
	private static String invalidBecause(BadJwtException ex) {
		if (ex instanceof JwtValidationException invalid) {
			// the validators' own words, such as "The aud claim is not valid"; the time
			// checks' long messages become a word
			String description = invalid.getErrors()
				.stream()
				.map(OAuth2Error::getDescription)
				.filter((text) -> text != null && !text.isBlank())
				.findFirst()
				.orElse("claims not valid");
			if (description.startsWith("Jwt expired")) {
				return "expired";
			}
			return description.startsWith("Jwt used before") ? "not valid yet" : description;
		}
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof ParseException) {
			return "malformed";
		}
		if (cause instanceof BadJWSException) {
			return "bad signature";
		}
		if (cause instanceof BadJOSEException) {
			return "unknown signing key";
		}
		return "rejected";
	}

	/**
	 * What a verified token says.
	 *
	 * @param camera the camera it opens
	 * @param expiresAt its expiry
	 * @param usableUntil its expiry plus the clock skew allowed: the decoder accepts it
	 * until then
	 */
	private record Verified(@Nullable String camera, Instant expiresAt, Instant usableUntil) {
	}

}
