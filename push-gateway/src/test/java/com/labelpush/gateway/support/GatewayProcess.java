package com.labelpush.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.labelpush.gateway.PushGatewayApplication;
import com.labelpush.testsupport.AppProcess;
import com.labelpush.testsupport.TestServices;

/**
 * A gateway in a process of its own, so its heap and resident memory are its own. Started
 * from this JVM's class path, which carries whichever servlet container the build
 * selected.
 */
public final class GatewayProcess implements AutoCloseable {

	// One line per heap space, whatever the collector ("garbage-first heap total ...,
	// used ...K", or "PSYoungGen" and "ParOldGen"); Metaspace lines do not say "total".
	private static final Pattern HEAP_USED = Pattern
		.compile("(?m)^\\s*(?!Metaspace|class space)[A-Za-z -]+\\s+total \\d+K, used (\\d+)K");

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
		jcmd("GC.run");
		jcmd("GC.run");
		String info = jcmd("GC.heap_info");
		Matcher used = HEAP_USED.matcher(info);
		long kib = 0;
		boolean found = false;
		while (used.find()) {
			kib += Long.parseLong(used.group(1));
			found = true;
		}
		if (!found) {
			throw new IllegalStateException("no heap figure from jcmd: " + info);
		}
		return kib * 1024;
	}

	/** Resident set size of the process, in bytes. */
	public long rss() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
			}
		}
		throw new IllegalStateException("no VmRSS for " + pid());
	}

	private String jcmd(String command) throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		Process process = new ProcessBuilder(jcmd, String.valueOf(pid()), command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor(60, TimeUnit.SECONDS);
		return output;
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
