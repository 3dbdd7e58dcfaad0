package com.labelpush.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** API keys as label-api's settings hold them. */
public final class ApiKeyHashes {

	private ApiKeyHashes() {
	}

	/**
	 * The hex SHA-256 of a key, as {@code labels.security.api-keys.<name>.sha256} takes
	 * it.
	 * @param key the key
	 * @return its hash
	 */
	public static String sha256(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
