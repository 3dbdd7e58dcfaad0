package com.labelpush.system.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.labelpush.testsupport.AppProcess;

/**
 * Where the end-to-end time goes, from the histograms the applications export:
 * label-api's commit-to-confirm time (the relay and the broker's confirm) and the
 * gateways' delivery lag (the event's commit to its frame being written to a client); and
 * how much of the services' CPU went to the JIT compilers and GC pauses. Each
 * {@link Snapshot} reads every process's Prometheus endpoint once; figures are the
 * difference of two snapshots, and quantiles are bucket upper bounds.
 */
final class Stages {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final Pattern BUCKET = Pattern.compile(
			"^(labels_outbox_commit_to_confirm_seconds|gateway_delivery_lag_seconds)_bucket\\{.*le=\"([^\"]+)\".*\\} (\\S+)$");

	private Stages() {
	}

	/**
	 * What the processes' metrics say at one moment.
	 *
	 * @param histograms cumulative bucket counts by histogram and upper bound, summed
	 * over the processes
	 * @param jvmWork milliseconds each process has spent compiling ({@code <name>.jit})
	 * and in GC pauses ({@code <name>.gcPause}) so far
	 */
	record Snapshot(Map<String, Map<Double, Double>> histograms, Map<String, Double> jvmWork) {

		static Snapshot take(Map<String, AppProcess> processes) throws Exception {
			Map<String, Map<Double, Double>> histograms = new LinkedHashMap<>();
			Map<String, Double> jvmWork = new TreeMap<>();
			for (Map.Entry<String, AppProcess> process : processes.entrySet()) {
				double jit = 0;
				double gcPause = 0;
				for (String line : scrape(process.getValue()).split("\n")) {
					Matcher bucket = BUCKET.matcher(line);
					if (bucket.matches()) {
						double bound = "+Inf".equals(bucket.group(2)) ? Double.POSITIVE_INFINITY
								: Double.parseDouble(bucket.group(2));
						histograms.computeIfAbsent(bucket.group(1), (name) -> new TreeMap<>())
							.merge(bound, Double.parseDouble(bucket.group(3)), Double::sum);
					}
					else if (line.startsWith("jvm_compilation_time_ms_total")) {
						jit += value(line);
					}
					else if (line.startsWith("jvm_gc_pause_seconds_sum")) {
						gcPause += value(line) * 1000;
					}
				}
				jvmWork.put(process.getKey() + ".jit", jit);
				jvmWork.put(process.getKey() + ".gcPause", gcPause);
			}
			return new Snapshot(histograms, jvmWork);
		}

		/** Milliseconds all the processes together have spent compiling so far. */
		double compilationMillis() {
			return this.jvmWork.entrySet()
				.stream()
				.filter((work) -> work.getKey().endsWith(".jit"))
				.mapToDouble(Map.Entry::getValue)
				.sum();
		}

	}

	static Map<String, Object> between(Snapshot before, Snapshot after, Map<String, Double> postAnswerMs) {
		Map<String, Object> stages = new LinkedHashMap<>();
		stages.put("postAnswerMs", postAnswerMs);
		stages.put("commitToConfirmMs", quantiles(before, after, "labels_outbox_commit_to_confirm_seconds"));
		stages.put("commitToFrameWrittenMs", quantiles(before, after, "gateway_delivery_lag_seconds"));
		return stages;
	}

	/** JIT and GC-pause milliseconds per event between two snapshots. */
	static Map<String, Double> jvmWorkPerEvent(Snapshot before, Snapshot after, long events) {
		Map<String, Double> perEvent = new TreeMap<>();
		after.jvmWork()
			.forEach((name, ms) -> perEvent.put(name,
					Math.round((ms - before.jvmWork().getOrDefault(name, 0.0)) * 100.0 / Math.max(events, 1)) / 100.0));
		return perEvent;
	}

	static String scrape(AppProcess process) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + "/actuator/prometheus")).build(),
					BodyHandlers.ofString())
			.body();
	}

	private static double value(String line) {
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	private static Map<String, Double> quantiles(Snapshot before, Snapshot after, String name) {
		TreeMap<Double, Double> counts = new TreeMap<>();
		after.histograms()
			.getOrDefault(name, Map.of())
			.forEach((bound, count) -> counts.put(bound,
					count - before.histograms().getOrDefault(name, Map.of()).getOrDefault(bound, 0.0)));
		double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
		Map<String, Double> quantiles = new LinkedHashMap<>();
		quantiles.put("p50", bound(counts, total * 0.50));
		quantiles.put("p99", bound(counts, total * 0.99));
		return quantiles;
	}

	private static double bound(TreeMap<Double, Double> cumulative, double rank) {
		for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
			if (bucket.getValue() >= rank && rank > 0) {
				return Math.round(bucket.getKey() * 1000 * 100) / 100.0;
			}
		}
		return -1;
	}

}
