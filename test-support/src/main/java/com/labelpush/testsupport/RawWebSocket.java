package com.labelpush.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The little of the WebSocket protocol (RFC 6455) that the benchmarks' selector-based
 * clients speak by hand: a general-purpose client costs more CPU per frame than the
 * gateway, and on a shared two-core machine the load generator would measure itself.
 */
public final class RawWebSocket {

	/** Opcode of a text frame. */
	public static final int TEXT = 1;

	/** Opcode of a close frame. */
	public static final int CLOSE = 8;

	/** Opcode of a ping. */
	public static final int PING = 9;

	// an empty pong: client frames are masked, and a zero mask keeps the payload as it is
	private static final byte[] PONG = { (byte) 0x8A, (byte) 0x80, 0, 0, 0, 0 };

	private RawWebSocket() {
	}

	/**
	 * The HTTP request that opens a WebSocket.
	 * @param port the server's port on 127.0.0.1
	 * @param path the request path with its query
	 * @return the request, to send as it is
	 */
	public static ByteBuffer upgradeRequest(int port, String path) {
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
		return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The answer to a ping.
	 * @return a pong, to send as it is
	 */
	public static ByteBuffer pong() {
		return ByteBuffer.wrap(PONG);
	}

	/**
	 * The next whole frame from the server (unmasked) at the buffer's position, which
	 * then moves past it.
	 * @param in the bytes read so far, flipped for reading
	 * @return the frame, or {@code null} (the position unchanged) while it is incomplete
	 */
	public static @Nullable Frame next(ByteBuffer in) {
		if (in.remaining() < 2) {
			return null;
		}
		int start = in.position();
		int opcode = in.get(start) & 0x0F;
		int length = in.get(start + 1) & 0x7F;
		int header = 2;
		if (length == 126) {
			if (in.remaining() < 4) {
				return null;
			}
			length = in.getShort(start + 2) & 0xFFFF;
			header = 4;
		}
		else if (length == 127) {
			if (in.remaining() < 10) {
				return null;
			}
			length = (int) in.getLong(start + 2);
			header = 10;
		}
		if (in.remaining() < header + length) {
			return null;
		}
		in.position(start + header + length);
		return new Frame(opcode, start + header, length);
	}

	/**
	 * One frame in a buffer.
	 *
	 * @param opcode its opcode
	 * @param payload where its payload starts in the buffer's array
	 * @param length the payload's length
	 */
	public record Frame(int opcode, int payload, int length) {
	}

}
