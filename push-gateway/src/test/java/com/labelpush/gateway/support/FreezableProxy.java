package com.labelpush.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP forwarder whose connections a test can freeze: they stay open but nothing passes
 * any more, as on a network path that silently died (no reset, no close).
 */
public final class FreezableProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final Object gate = new Object();

	private boolean frozen;

	public FreezableProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "freezable-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** From now on no byte passes in either direction; the connections stay open. */
	public void freeze() {
		synchronized (this.gate) {
			this.frozen = true;
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int n;
				while ((n = in.read(buffer)) >= 0) {
					awaitThawed();
					out.write(buffer, 0, n);
					out.flush();
				}
				// a close does not pass a frozen path either
				awaitThawed();
				to.close();
			}
			catch (IOException ex) {
				// connection closed
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "freezable-proxy-pipe");
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

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
