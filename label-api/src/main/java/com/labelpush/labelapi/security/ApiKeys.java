package com.labelpush.labelapi.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The configured API keys, looked up by the SHA-256 of the presented key.
 * <p>
 * A plain digest, not a password hash such as bcrypt: keys are long random strings, so a
 * slow hash adds no protection against guessing but would cost milliseconds on every
 * call. Looking the digest up in a map reveals nothing useful through timing: an attacker
 * controls the key, not its digest.
 */
final class ApiKeys {

	private final Map<ByteBuffer, Authentication> byDigest = new HashMap<>();

	ApiKeys(Map<String, ApiSecurityProperties.ApiKey> keys) {
		keys.forEach((name, key) -> {
			List<GrantedAuthority> authorities = key.scopes()
				.stream()
				.sorted()
				.<GrantedAuthority>map((scope) -> new SimpleGrantedAuthority(Scopes.authority(scope)))
				.toList();
			Authentication previous = this.byDigest.put(ByteBuffer.wrap(key.digest()),
					new ApiKeyAuthentication(name, authorities));
			if (previous != null) {
				throw new IllegalArgumentException("labels.security.api-keys." + name + " and labels.security.api-keys."
						+ previous.getName() + " have the same key");
			}
		});
	}

	boolean isEmpty() {
		return this.byDigest.isEmpty();
	}

	@Nullable Authentication find(String key) {
		return this.byDigest.get(ByteBuffer.wrap(sha256(key)));
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	/** A caller identified by one of the configured keys, named as in the settings. */
	static final class ApiKeyAuthentication extends AbstractAuthenticationToken {

		private final String name;

		ApiKeyAuthentication(String name, List<GrantedAuthority> authorities) {
			super(authorities);
			this.name = name;
			setAuthenticated(true);
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public @Nullable Object getCredentials() {
			return null;
		}

		@Override
		public Object getPrincipal() {
			return this.name;
		}

	}

}
