package com.labelpush.labelapi.security;

import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API.
 *
 * @param readsRequireToken whether reads (labels, history) need a token with scope
 * {@code labels:read}; writes always need {@code labels:write}
 * @param apiKeys static API keys by name, each stored as the SHA-256 of the key, never
 * the key itself
 */
@ConfigurationProperties("labels.security")
public record ApiSecurityProperties(@DefaultValue("true") boolean readsRequireToken,
		@Nullable Map<String, ApiKey> apiKeys) {

	public ApiSecurityProperties {
		apiKeys = (apiKeys != null) ? Map.copyOf(apiKeys) : Map.of();
		apiKeys.forEach((name, key) -> key.validate(name));
	}

	/**
	 * One API key.
	 *
	 * @param sha256 hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum})
	 * @param scopes what the key may do: {@code labels:read}, {@code labels:write}
	 */
	public record ApiKey(@Nullable String sha256, @Nullable Set<String> scopes) {

		private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

		public ApiKey {
			scopes = (scopes != null) ? Set.copyOf(scopes) : Set.of();
		}

		byte[] digest() {
			return HexFormat.of().parseHex(this.sha256);
		}

		private void validate(String name) {
			String property = "labels.security.api-keys." + name;
			if (this.sha256 == null || !SHA256_HEX.matcher(this.sha256).matches()) {
				throw new IllegalArgumentException(property
						+ ".sha256 must be the 64 hex digits of the key's SHA-256 (printf %s \"$KEY\" | sha256sum)");
			}
			if (this.scopes.isEmpty() || !Scopes.ALL.containsAll(this.scopes)) {
				throw new IllegalArgumentException(
						property + ".scopes must name one or more of " + Scopes.ALL + ", got " + this.scopes);
			}
		}

	}

}
