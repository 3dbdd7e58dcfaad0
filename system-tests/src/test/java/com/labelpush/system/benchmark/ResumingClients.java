package com.labelpush.system.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import com.labelpush.events.Deferral;
import com.labelpush.testsupport.RawWebSocket;
import com.labelpush.testsupport.RawWebSocket.Frame;

/**
 * Many desktop clients on one selector thread, each doing what the client rules ask:
 * connect to the first gateway of its list, on a lost connection reconnect with
 * exponential back-off and jitter ({@code hello}'s hints: half to all of
 * {@code min * 2^attempt}, capped at max) to the next gateway, resume with {@code since}
 * = the last seq it has, count an event it already has as a duplicate and a seq it
 * skipped as lost. Non-blocking throughout (connect, handshake, frames), so that
 * thousands of reconnects cost the load generator little; a general-purpose client would
 * measure itself on a shared two-core machine. Connections come from several loopback
 * addresses, past the ephemeral ports of one.
 */
final class ResumingClients implements AutoCloseable {

	private static final int SOURCE_ADDRESSES = 8;

	private final Selector selector = Selector.open();

	private final List<Client> clients = new ArrayList<>();

	private final ConcurrentLinkedQueue<Client> toConnect = new ConcurrentLinkedQueue<>();

	private final PriorityQueue<Client> waiting = new PriorityQueue<>(
			(a, b) -> Long.compare(a.reconnectAtNanos, b.reconnectAtNanos));

	private final long reconnectMinMillis;

	private final long reconnectMaxMillis;

	private final Events events;

	private final Thread loop;

	private volatile boolean running = true;

	ResumingClients(long reconnectMinMillis, long reconnectMaxMillis) throws IOException {
		this(reconnectMinMillis, reconnectMaxMillis, (client, frame, seq) -> {
		});
	}

	/**
	 * Clients that tell each label event they apply.
	 * @param events told of each event a client applies (not of duplicates), on the
	 * clients' one thread: keep it short
	 */
	ResumingClients(long reconnectMinMillis, long reconnectMaxMillis, Events events) throws IOException {
		this.reconnectMinMillis = reconnectMinMillis;
		this.reconnectMaxMillis = reconnectMaxMillis;
		this.events = events;
		this.loop = new Thread(this::run, "resuming-clients");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	/**
	 * Adds a client and starts its first connection.
	 * @param camera its camera
	 * @param token its client token
	 * @param ports the gateways it knows, the first one first
	 * @return the client
	 */
	Client add(String camera, String token, List<Integer> ports) {
		Client client = new Client(this.clients.size(), camera, token, ports);
		this.clients.add(client);
		this.toConnect.add(client);
		this.selector.wakeup();
		return client;
	}

	List<Client> clients() {
		return this.clients;
	}

	long count(Predicate<Client> which) {
		return this.clients.stream().filter(which).count();
	}

	private void run() {
		while (this.running) {
			try {
				long now = System.nanoTime();
				for (Client next = this.waiting.peek(); next != null
						&& next.reconnectAtNanos <= now; next = this.waiting.peek()) {
					this.waiting.poll();
					next.connect();
				}
				for (Client next = this.toConnect.poll(); next != null; next = this.toConnect.poll()) {
					next.connect();
				}
				Client first = this.waiting.peek();
				long timeout = (first == null) ? 50
						: Math.max(1, Math.min(50, (first.reconnectAtNanos - System.nanoTime()) / 1_000_000));
				this.selector.select(timeout);
				for (SelectionKey key : this.selector.selectedKeys()) {
					((Client) key.attachment()).ready(key);
				}
				this.selector.selectedKeys().clear();
			}
			catch (IOException | RuntimeException ex) {
				if (this.running) {
					ex.printStackTrace();
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.running = false;
		this.selector.wakeup();
		try {
			this.loop.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Client client : this.clients) {
			client.closeQuietly();
		}
		this.selector.close();
	}

	/** One desktop client. Its fields are written by the selector thread only. */
	final class Client {

		final int id;

		final String camera;

		private final String token;

		private final List<Integer> ports;

		private int gateway;

		private int attempt;

		private SocketChannel channel;

		private ByteBuffer in = ByteBuffer.allocate(4096);

		private boolean upgraded;

		private long reconnectAtNanos;

		volatile int connectedPort = -1;

		volatile long lastSeq = -1;

		volatile long helloAtNanos;

		volatile boolean recovered;

		volatile int hellos;

		volatile int resyncs;

		volatile long duplicates;

		volatile long lost;

		volatile int refusals;

		volatile int deferrals;

		Client(int id, String camera, String token, List<Integer> ports) {
			this.id = id;
			this.camera = camera;
			this.token = token;
			this.ports = ports;
		}

		private void connect() {
			int port = this.ports.get(this.gateway % this.ports.size());
			try {
				this.channel = SocketChannel.open();
				this.channel.configureBlocking(false);
				this.channel.bind(new InetSocketAddress("127.0.0." + (2 + this.id % SOURCE_ADDRESSES), 0));
				this.in.clear();
				this.upgraded = false;
				boolean connected = this.channel.connect(new InetSocketAddress("127.0.0.1", port));
				this.channel.register(ResumingClients.this.selector,
						connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
				if (connected) {
					sendHandshake(port);
				}
			}
			catch (IOException ex) {
				lostConnection();
			}
		}

		private void ready(SelectionKey key) {
			try {
				if (key.isConnectable()) {
					this.channel.finishConnect();
					key.interestOps(SelectionKey.OP_READ);
					sendHandshake(((InetSocketAddress) this.channel.getRemoteAddress()).getPort());
				}
				else if (key.isReadable()) {
					read();
				}
			}
			catch (IOException | RuntimeException ex) {
				lostConnection();
			}
		}

		private void sendHandshake(int port) throws IOException {
			String path = "/ws/label/" + this.camera + "?token=" + this.token
					+ ((this.lastSeq >= 0) ? "&since=" + this.lastSeq : "");
			ByteBuffer out = RawWebSocket.upgradeRequest(port, path);
			while (out.hasRemaining()) {
				if (this.channel.write(out) == 0) {
					throw new IOException("handshake not sent at once");
				}
			}
			this.connectedPort = port;
		}

		private void read() throws IOException {
			if (!this.in.hasRemaining()) {
				ByteBuffer larger = ByteBuffer.allocate(this.in.capacity() * 2);
				this.in.flip();
				larger.put(this.in);
				this.in = larger;
			}
			if (this.channel.read(this.in) < 0) {
				lostConnection();
				return;
			}
			this.in.flip();
			if (!this.upgraded && !upgrade()) {
				this.in.compact();
				return;
			}
			while (frame()) {
				// one complete frame handled per pass
			}
			this.in.compact();
		}

		// The response headers, once complete; a refusal (429, 503) ends the attempt.
		private boolean upgrade() throws IOException {
			byte[] bytes = this.in.array();
			for (int i = this.in.position(); i + 3 < this.in.limit(); i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
					String status = new String(bytes, this.in.position(), 12, StandardCharsets.US_ASCII);
					if (!status.startsWith("HTTP/1.1 101")) {
						this.refusals++;
						throw new IOException("refused: " + status);
					}
					this.in.position(i + 4);
					this.upgraded = true;
					return true;
				}
			}
			return false;
		}

		private boolean frame() throws IOException {
			Frame frame = RawWebSocket.next(this.in);
			if (frame == null) {
				return false;
			}
			if (frame.opcode() == RawWebSocket.TEXT) {
				text(new String(this.in.array(), frame.payload(), frame.length(), StandardCharsets.UTF_8));
			}
			else if (frame.opcode() == RawWebSocket.PING) {
				this.channel.write(RawWebSocket.pong());
			}
			else if (frame.opcode() == RawWebSocket.CLOSE) {
				OptionalLong wait = (frame.length() >= 2) ? Deferral.retryInMillis(
						((this.in.get(frame.payload()) & 0xFF) << 8) | (this.in.get(frame.payload() + 1) & 0xFF),
						new String(this.in.array(), frame.payload() + 2, frame.length() - 2, StandardCharsets.UTF_8))
						: OptionalLong.empty();
				if (wait.isPresent()) {
					deferred(wait.getAsLong());
					return false;
				}
				throw new IOException("closed by the gateway");
			}
			return true;
		}

		private void text(String frame) {
			String type = stringField(frame, "type");
			if ("hello".equals(type)) {
				this.hellos++;
				this.attempt = 0;
				this.recovered = frame.contains("\"recovered\":true");
				long latest = longField(frame, "latestSeq");
				if (this.lastSeq < 0 && latest >= 0) {
					this.lastSeq = latest; // the snapshot it loads holds every event up
											// to it
				}
				this.helloAtNanos = System.nanoTime();
			}
			else if ("resync".equals(type)) {
				this.resyncs++;
				this.lastSeq = -1; // reloads; the next event is its new start
			}
			else if (type != null && type.startsWith("label.")) {
				long seq = longField(frame, "seq");
				if (this.lastSeq >= 0 && seq <= this.lastSeq) {
					this.duplicates++;
					return;
				}
				if (this.lastSeq >= 0) {
					this.lost += seq - this.lastSeq - 1;
				}
				this.lastSeq = seq;
				ResumingClients.this.events.applied(this, frame, seq);
			}
		}

		private void lostConnection() {
			closeQuietly();
			this.connectedPort = -1;
			this.gateway++;
			long backoff = Math.min(ResumingClients.this.reconnectMaxMillis,
					ResumingClients.this.reconnectMinMillis << Math.min(this.attempt++, 16));
			long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
			this.reconnectAtNanos = System.nanoTime() + delay * 1_000_000;
			ResumingClients.this.waiting.add(this);
		}

		// Told when to come back: to the same gateway, as told, and no attempt counted.
		private void deferred(long waitMillis) {
			closeQuietly();
			this.connectedPort = -1;
			this.deferrals++;
			this.reconnectAtNanos = System.nanoTime()
					+ Math.min(waitMillis, ResumingClients.this.reconnectMaxMillis) * 1_000_000;
			ResumingClients.this.waiting.add(this);
		}

		private void closeQuietly() {
			try {
				if (this.channel != null) {
					this.channel.close();
				}
			}
			catch (IOException ex) {
				// gone either way
			}
		}

		static String stringField(String json, String name) {
			int at = json.indexOf("\"" + name + "\":\"");
			if (at < 0) {
				return null;
			}
			int from = at + name.length() + 4;
			return json.substring(from, json.indexOf('"', from));
		}

		// Top-level fields come before the label's own in the gateway's and label-api's
		// JSON, so the first occurrence is the event's.
		private static long longField(String json, String name) {
			int at = json.indexOf("\"" + name + "\":");
			if (at < 0) {
				return -1;
			}
			long value = 0;
			for (int i = at + name.length() + 3; i < json.length() && Character.isDigit(json.charAt(i)); i++) {
				value = value * 10 + (json.charAt(i) - '0');
			}
			return value;
		}

	}

	/** Told of each label event a client applies. */
	interface Events {

		void applied(Client client, String frame, long seq);

	}

}
