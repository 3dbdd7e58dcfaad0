package com.labelpush.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.time.Duration;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** Helpers for the applications tests start as processes of their own. */
public final class ChildProcesses {

	private ChildProcesses() {
	}

	public static int freePort() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

	/**
	 * Waits until a health URL answers 200, failing with the process's output if it exits
	 * or takes too long.
	 */
	static void awaitHealthy(Process process, String healthUrl, File log, Duration timeout) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("process exited: " + Files.readString(log.toPath()));
				}
				try {
					return http.send(HttpRequest.newBuilder(URI.create(healthUrl)).build(), BodyHandlers.discarding())
						.statusCode() == 200;
				}
				catch (IOException ex) {
					return false; // not listening yet
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(
					healthUrl + " not healthy within " + timeout + ": " + Files.readString(log.toPath()), ex);
		}
	}

}
