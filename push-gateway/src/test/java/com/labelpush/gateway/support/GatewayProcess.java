package com.labelpush.gateway.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.labelpush.gateway.PushGatewayApplication;
import com.labelpush.testsupport.AppProcess;
import com.labelpush.testsupport.TestServices;

/**
 * A gateway in a process of its own, so its heap and resident memory are its own. Started
 * from this JVM's class path, which carries whichever servlet container the build
 * selected.
 */
public final class GatewayProcess implements AutoCloseable {

	private final AppProcess process;

	private GatewayProcess(AppProcess process) {
		this.process = process;
	}

	public static GatewayProcess start(String instanceId, String... settings) throws Exception {
		List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC"));
		// extra JVM options for the gateway, e.g.
		// -Dbench.gatewayJvm=-XX:StartFlightRecording=filename=g.jfr
		String extra = System.getProperty("bench.gatewayJvm", "");
		if (!extra.isBlank()) {
			jvm.addAll(List.of(extra.split(" ")));
		}
		List<String> all = new ArrayList<>(List.of("gateway.instance-id=" + instanceId,
				"server.tomcat.max-connections=20000", "server.jetty.max-connections=20000"));
		all.addAll(TestServices.rabbitmqSettings());
		all.addAll(List.of(settings));
		if (all.stream()
			.noneMatch((setting) -> setting.startsWith("gateway.client-tokens.public-key=")
					|| setting.startsWith("gateway.client-tokens.jwk-set-uri="))) {
			// the key TestTokens signs with, as in application-test.yml
			all.add("gateway.client-tokens.public-key=classpath:client-tokens-test-public.pem");
		}
		return new GatewayProcess(AppProcess.startMain(PushGatewayApplication.class, jvm, all));
	}

	public int port() {
		return this.process.port();
	}

	public long pid() {
		return this.process.pid();
	}

	/** Heap in use after a full GC, in bytes, as the JVM reports it. */
	public long heapAfterGc() throws Exception {
		return this.process.heapAfterGc();
	}

	/** Resident set size of the process, in bytes. */
	public long rss() throws IOException {
		return this.process.rss();
	}

	/** Kills the process outright (SIGKILL), as a crash or an OOM killer would. */
	public void kill() throws InterruptedException {
		this.process.kill();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.close();
	}

}
