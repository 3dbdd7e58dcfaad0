package com.labelpush.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder that a test can cut and restore, or freeze, to make a real network
 * outage between an application and a service (RabbitMQ, say): cutting closes every
 * connection and refuses new ones until restored on the same port; freezing keeps the
 * connections open with nothing passing.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	private volatile Thread acceptor;

	private final Object gate = new Object();

	private boolean frozen;

	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort();
		}
		restore();
	}

	public int port() {
		return this.port;
	}

	/** Starts accepting again, on the same port. */
	public synchronized void restore() throws IOException {
		if (this.server != null) {
			return;
		}
		ServerSocket listening = new ServerSocket();
		listening.setReuseAddress(true);
		listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.server = listening;
		Thread accepting = new Thread(() -> accept(listening), "tcp-proxy-accept-" + this.port);
		accepting.setDaemon(true);
		accepting.start();
		this.acceptor = accepting;
	}

	/**
	 * From now on no byte passes in either direction and the connections stay open, as on
	 * a network path that silently died (no reset, no close), until {@link #cut()}.
	 */
	public void freeze() {
		synchronized (this.gate) {
			this.frozen = true;
		}
	}

	/**
	 * Closes every forwarded connection and refuses new ones.
	 * @return how many connections were open
	 */
	public synchronized int cut() throws IOException {
		ServerSocket listening = this.server;
		this.server = null;
		if (listening != null) {
			listening.close();
			// the port is free only once the thread blocked in accept() has let go of it
			try {
				this.acceptor.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		int open = (int) this.clients.stream().filter((client) -> !client.isClosed()).count();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
		this.clients.clear();
		synchronized (this.gate) {
			this.frozen = false;
			this.gate.notifyAll();
		}
		return open;
	}

	/**
	 * Closes every forwarded connection, as a broker restart or a network blip does, and
	 * accepts new ones at once.
	 * @return how many connections were open
	 */
	public int drop() throws IOException {
		int open = cut();
		restore();
		return open;
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				this.clients.add(client);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				// closed by cut(), or the target refused: the client sees its
				// connection drop
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					awaitThawed();
					out.write(buffer, 0, n);
					out.flush();
				}
				// a close does not pass a frozen path either
				awaitThawed();
			}
			catch (IOException ex) {
				// connection cut
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pipe");
		pump.setDaemon(true);
		pump.start();
	}

	private void awaitThawed() throws InterruptedException {
		synchronized (this.gate) {
			while (this.frozen) {
				this.gate.wait();
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
