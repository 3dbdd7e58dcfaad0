package com.labelpush.gateway.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.labelpush.testsupport.RawWebSocket;
import com.labelpush.testsupport.RawWebSocket.Frame;

/**
 * Many WebSocket clients on one selector thread, reading frames straight off the socket.
 * Written for the benchmark because a general-purpose client (the JDK's) costs more CPU
 * per frame than the gateway does, and on a shared two-core machine the load generator
 * would then measure itself. It answers pings and records, per event frame, the time
 * since the publisher stamped it ({@code "sentNanos"}).
 */
final class RawClients implements AutoCloseable {

	private static final byte[] SENT_NANOS = "\"sentNanos\":\"".getBytes(StandardCharsets.US_ASCII);

	private final Selector selector = Selector.open();

	private final List<SocketChannel> channels = new ArrayList<>();

	private final ConcurrentLinkedQueue<Long> lags;

	private final Thread loop;

	private volatile boolean running = true;

	private CountDownLatch hellos = new CountDownLatch(0);

	RawClients(ConcurrentLinkedQueue<Long> lags) throws IOException {
		this.lags = lags;
		this.loop = new Thread(this::run, "raw-clients");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	/**
	 * Opens sessions and waits for each one's hello.
	 * @param port the gateway port
	 * @param paths request paths, one per session
	 */
	void open(int port, List<String> paths) throws Exception {
		this.hellos = new CountDownLatch(paths.size());
		for (String path : paths) {
			SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
			handshake(channel, port, path);
			channel.configureBlocking(false);
			this.channels.add(channel);
			this.selector.wakeup();
			synchronized (this) {
				this.selector.wakeup();
				channel.register(this.selector, SelectionKey.OP_READ, new Connection(channel));
			}
		}
		if (!this.hellos.await(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException(this.hellos.getCount() + " sessions got no hello");
		}
	}

	int size() {
		return this.channels.size();
	}

	private static void handshake(SocketChannel channel, int port, String path) throws IOException {
		channel.write(RawWebSocket.upgradeRequest(port, path));
		// Read the response headers byte by byte so no frame after them is consumed here.
		ByteBuffer one = ByteBuffer.allocate(1);
		StringBuilder headers = new StringBuilder();
		while (!headers.toString().endsWith("\r\n\r\n")) {
			one.clear();
			if (channel.read(one) < 0) {
				throw new IOException("closed during handshake: " + headers);
			}
			headers.append((char) one.get(0));
		}
		if (!headers.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("handshake refused: " + headers);
		}
	}

	private void run() {
		while (this.running) {
			try {
				this.selector.select(100);
				synchronized (this) {
					// lets open() register channels between selects
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					((Connection) key.attachment()).read();
				}
				this.selector.selectedKeys().clear();
			}
			catch (IOException ex) {
				// a connection went away; the others go on
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.running = false;
		for (SocketChannel channel : this.channels) {
			channel.close();
		}
		this.selector.close();
	}

	private final class Connection {

		private final SocketChannel channel;

		private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

		private boolean greeted;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		void read() throws IOException {
			if (this.channel.read(this.in) < 0) {
				this.channel.close();
				return;
			}
			this.in.flip();
			while (frame()) {
				// one complete frame handled per pass
			}
			this.in.compact();
		}

		private boolean frame() throws IOException {
			Frame frame = RawWebSocket.next(this.in);
			if (frame == null) {
				return false;
			}
			if (frame.opcode() == RawWebSocket.TEXT) {
				text(frame.payload(), frame.length());
			}
			else if (frame.opcode() == RawWebSocket.PING) {
				this.channel.write(RawWebSocket.pong());
			}
			return true;
		}

		private void text(int payload, int length) {
			if (!this.greeted) {
				this.greeted = true;
				RawClients.this.hellos.countDown();
				return;
			}
			long now = System.nanoTime();
			byte[] bytes = this.in.array();
			int at = lastIndexOf(bytes, payload, length);
			if (at >= 0) {
				long sent = 0;
				for (int i = at + SENT_NANOS.length; bytes[i] != '"'; i++) {
					sent = sent * 10 + (bytes[i] - '0');
				}
				RawClients.this.lags.add(now - sent);
			}
		}

		// The stamp sits in the label's attributes, near the end of the frame.
		private static int lastIndexOf(byte[] bytes, int from, int length) {
			outer: for (int i = from + length - SENT_NANOS.length; i >= from; i--) {
				for (int j = 0; j < SENT_NANOS.length; j++) {
					if (bytes[i + j] != SENT_NANOS[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}

	}

}
