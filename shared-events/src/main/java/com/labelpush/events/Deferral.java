package com.labelpush.events;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A new session a gateway defers in a storm of connections: it completes the upgrade and
 * closes at once with {@value #CLOSE_CODE} and a reason that starts with when to come
 * back, such as {@code retry in 840 ms: this gateway is opening many sessions}. Each
 * deferred client is given a later time than the one before, so a client that comes back
 * when told finds room. A close, not an HTTP refusal: browsers and WebSocketSharp can
 * read a close's code and reason, not a refused handshake's status or headers. An
 * application code (like 503 with Retry-After in HTTP), not 1013 Try Again Later: the
 * ClientWebSocket of Mono and older .NET takes a 1013 for a protocol error and reports a
 * dropped connection without the reason.
 */
public final class Deferral {

	/** Come back when the reason says. */
	public static final int CLOSE_CODE = 4503;

	private static final Pattern WAIT = Pattern.compile("^retry in (\\d{1,9}) ms");

	private Deferral() {
	}

	/**
	 * The close reason for a deferral.
	 * @param millis when to come back, from now
	 * @param why for a person, in a few words
	 * @return the reason
	 */
	public static String reason(long millis, String why) {
		return "retry in " + millis + " ms: " + why;
	}

	/**
	 * How long a close asks the client to wait before it comes back.
	 * @param code the close code
	 * @param reason the close reason
	 * @return the milliseconds, or empty when the close is no deferral
	 */
	public static OptionalLong retryInMillis(int code, @Nullable String reason) {
		if (code != CLOSE_CODE || reason == null) {
			return OptionalLong.empty();
		}
		Matcher wait = WAIT.matcher(reason);
		return wait.find() ? OptionalLong.of(Long.parseLong(wait.group(1))) : OptionalLong.empty();
	}

}
