package com.labelpush.gateway.security;

/** A client token that does not open the camera asked for, and why. */
public class TokenRefused extends Exception {

	private final Kind kind;

	private final String summary;

	TokenRefused(Kind kind, String summary, String message) {
		super(message, null, false, false);
		this.kind = kind;
		this.summary = summary;
	}

	/**
	 * What is wrong, which decides what the client must do about it.
	 * @return the kind of refusal
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * For metrics and logs.
	 * @return a short tag such as {@code invalid_token}
	 */
	public String reason() {
		return this.kind.tag;
	}

	/**
	 * For a person reading a close reason: a few words, such as
	 * {@code invalid token: expired}. The message says more.
	 * @return the summary
	 */
	public String summary() {
		return this.summary;
	}

	/** The ways a token is refused, each asking something different of the client. */
	public enum Kind {

		/** No token was sent: the client must get one. */
		MISSING("missing_token"),

		/**
		 * Forged, malformed, expired, not for this gateway, or signed with an unknown
		 * key: the client must get a new one.
		 */
		INVALID("invalid_token"),

		/**
		 * A valid token for another camera: a new token for the same camera will not
		 * help.
		 */
		WRONG_CAMERA("wrong_camera"),

		/**
		 * The keys that verify tokens could not be fetched: the token may be fine; retry.
		 */
		KEYS_UNAVAILABLE("token_keys_unavailable");

		private final String tag;

		Kind(String tag) {
			this.tag = tag;
		}

	}

}
