package com.labelpush.gateway.handshake;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.labelpush.events.Deferral;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A handshake refused by letting the upgrade complete and closing at once, for a refusal
 * the client must act on: browsers and WebSocketSharp cannot read the HTTP status of a
 * refused handshake, only a close code and reason. A check records it in the handshake
 * attributes; the WebSocket handler closes the socket with it
 * ({@link Handshake#refusal}).
 *
 * @param code {@link #INVALID_REQUEST}, {@link #UNAUTHORIZED}, {@link #FORBIDDEN} or
 * {@link #COME_BACK_LATER}
 * @param reason for a person, in a few words; cut to the {@value #MAX_REASON_BYTES} UTF-8
 * bytes a close frame allows
 * @param tag for {@code gateway.handshakes.refused}, such as {@code invalid_token}
 */
public record ClosingRefusal(int code, String reason, String tag) {

	/** A bad clientId or since: a bug or a configuration error; do not retry. */
	static final int INVALID_REQUEST = 4400;

	/** No token or an invalid one: get a new token, then reconnect. */
	static final int UNAUTHORIZED = 4401;

	/** Not allowed whatever the token: do not retry. */
	static final int FORBIDDEN = 4403;

	/** Not now: come back when the reason says ({@link Deferral}). */
	static final int COME_BACK_LATER = Deferral.CLOSE_CODE;

	/** A close frame's payload is at most 125 bytes, two of them the code (RFC 6455). */
	static final int MAX_REASON_BYTES = 123;

	private static final String ATTRIBUTE = ClosingRefusal.class.getName();

	private static final String CUT = "...";

	public ClosingRefusal {
		reason = fitted(reason);
	}

	static ClosingRefusal invalidRequest(String tag, String reason) {
		return new ClosingRefusal(INVALID_REQUEST, reason, tag);
	}

	static ClosingRefusal unauthorized(String tag, String reason) {
		return new ClosingRefusal(UNAUTHORIZED, reason, tag);
	}

	static ClosingRefusal forbidden(String tag, String reason) {
		return new ClosingRefusal(FORBIDDEN, reason, tag);
	}

	static ClosingRefusal comeBackLater(String tag, String reason) {
		return new ClosingRefusal(COME_BACK_LATER, reason, tag);
	}

	/**
	 * Whether the client asked for something it may not have (rather than came at a busy
	 * moment): counted against its address.
	 */
	boolean isClientFault() {
		return this.code != COME_BACK_LATER;
	}

	/**
	 * The refusal an earlier check recorded for this handshake.
	 * @param attributes the handshake (later the session) attributes
	 * @return the refusal, or {@code null} when none was recorded
	 */
	static @Nullable ClosingRefusal recordedIn(Map<String, Object> attributes) {
		return (ClosingRefusal) attributes.get(ATTRIBUTE);
	}

	void recordIn(Map<String, Object> attributes) {
		attributes.put(ATTRIBUTE, this);
	}

	public CloseStatus closeStatus() {
		return new CloseStatus(this.code, this.reason);
	}

	// Cut on a character boundary, never inside a UTF-8 sequence or a surrogate pair.
	private static String fitted(String reason) {
		if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
			return reason;
		}
		CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		ByteBuffer fits = ByteBuffer.allocate(MAX_REASON_BYTES - CUT.length());
		encoder.encode(CharBuffer.wrap(reason), fits, true);
		return new String(fits.array(), 0, fits.position(), StandardCharsets.UTF_8) + CUT;
	}

}
