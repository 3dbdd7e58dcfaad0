package com.labelpush.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * One of the project's applications as a real process, started on a port of its own,
 * ready when its readiness group answers 200, restartable with the same settings. Its
 * output goes to a log file that a failed start shows.
 */
public final class AppProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	// One line per heap space, whatever the collector ("garbage-first heap total ...,
	// used ...K", or "PSYoungGen" and "ParOldGen"); Metaspace lines do not say "total".
	private static final Pattern HEAP_USED = Pattern
		.compile("(?m)^\\s*(?!Metaspace|class space)[A-Za-z -]+\\s+total \\d+K, used (\\d+)K");

	private final String name;

	private final List<String> command;

	private final int port;

	private final File log;

	private Process process;

	private AppProcess(String name, List<String> command, int port, File log) {
		this.name = name;
		this.command = command;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a module's built exec jar (the reactor builds it before the modules whose
	 * tests run it) and waits until it is ready.
	 * @param module {@code label-api} or {@code push-gateway}
	 * @param jvmOptions options for the JVM
	 * @param settings Spring settings, without the leading {@code --}
	 * @return the ready process
	 */
	public static AppProcess startJar(String module, List<String> jvmOptions, List<String> settings) throws Exception {
		return startJar(module, freePort(), jvmOptions, settings);
	}

	/**
	 * Starts a module's built exec jar on a given port and waits until it is ready.
	 * @param module {@code label-api} or {@code push-gateway}
	 * @param port its port
	 * @param jvmOptions options for the JVM
	 * @param settings Spring settings, without the leading {@code --}
	 * @return the ready process
	 */
	public static AppProcess startJar(String module, int port, List<String> jvmOptions, List<String> settings)
			throws Exception {
		return start(module, port, jvmOptions, List.of("-jar", jar(module).toString()), settings);
	}

	/**
	 * Starts an application's main class from this JVM's class path (so with whatever the
	 * build put there) and waits until it is ready.
	 * @param mainClass the application class
	 * @param jvmOptions options for the JVM
	 * @param settings Spring settings, without the leading {@code --}
	 * @return the ready process
	 */
	public static AppProcess startMain(Class<?> mainClass, List<String> jvmOptions, List<String> settings)
			throws Exception {
		return start(mainClass.getSimpleName(), freePort(), jvmOptions,
				List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()), settings);
	}

	private static AppProcess start(String name, int port, List<String> jvmOptions, List<String> application,
			List<String> settings) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(application);
		command.addAll(List.of("--server.port=" + port, "--logging.level.root=warn"));
		settings.forEach((setting) -> command.add("--" + setting));
		AppProcess process = new AppProcess(name, command, port, Files.createTempFile(name + "-", ".log").toFile());
		process.launch();
		return process;
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Heap in use after a full GC, in bytes, as the JVM reports it ({@code jcmd}).
	 * @return the bytes
	 */
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

	/**
	 * Resident set size of the process, in bytes.
	 * @return the bytes
	 */
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
		Process jcmdProcess = new ProcessBuilder(jcmd, String.valueOf(pid()), command).redirectErrorStream(true)
			.start();
		String output = new String(jcmdProcess.getInputStream().readAllBytes());
		jcmdProcess.waitFor(60, TimeUnit.SECONDS);
		return output;
	}

	/** SIGKILL: no shutdown hook, no graceful close. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** Starts again on the same port with the same settings, after a kill or stop. */
	public void restart() throws Exception {
		launch();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
	}

	private void launch() throws Exception {
		this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log))
			.start();
		String health = baseUrl() + "/actuator/health/readiness";
		try {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.name + " exited: " + Files.readString(this.log.toPath()));
				}
				try {
					return http.send(HttpRequest.newBuilder(URI.create(health)).build(), BodyHandlers.discarding())
						.statusCode() == 200;
				}
				catch (IOException ex) {
					return false; // not listening yet
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new IllegalStateException(this.name + " not ready within 90s: " + Files.readString(this.log.toPath()),
					ex);
		}
	}

	private static Path jar(String module) throws IOException {
		try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(module
						+ "/target/*-exec.jar not found: build it first (./mvnw -B verify builds it before this module)"));
		}
	}

	/**
	 * A loopback port nothing listens on now, below Linux's ephemeral range (32768 and
	 * up): a port the kernel chose would be free only until it gives the same number to
	 * an outgoing connection, as it does under a benchmark's thousands of them, before
	 * the application binds it.
	 * @return the port
	 */
	public static int freePort() throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try (ServerSocket probe = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
				return probe.getLocalPort();
			}
			catch (IOException ex) {
				// taken: another one
			}
		}
		throw new IOException("no free port found between 20000 and 32000");
	}

}
