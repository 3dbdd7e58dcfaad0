package com.labelpush.system.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.labelpush.testsupport.AppProcess;

/**
 * CPU time used by each part of the system, read from Linux's {@code /proc}: the
 * project's processes by pid, PostgreSQL and RabbitMQ by their command lines, and the
 * machine as a whole. Taken before and after a measured phase, it tells how much CPU each
 * event costs where, which on a shared machine says more than the latencies alone.
 */
final class CpuUsage {

	// USER_HZ: 100 on every Linux the JDK runs on
	private static final double TICKS_PER_SECOND = 100;

	private final Map<String, Predicate<ProcessHandle>> parts = new LinkedHashMap<>();

	/**
	 * @param services the project's processes, by name; this JVM (the clients and the
	 * load generator) is added as {@code clients-and-load}
	 */
	CpuUsage(Map<String, AppProcess> services) {
		services.forEach((name, service) -> {
			long pid = service.pid();
			this.parts.put(name, (process) -> process.pid() == pid);
		});
		long self = ProcessHandle.current().pid();
		this.parts.put("clients-and-load", (process) -> process.pid() == self);
		this.parts.put("postgresql", commandContains("postgres"));
		this.parts.put("rabbitmq", commandContains("beam.smp"));
	}

	/**
	 * CPU seconds used so far by each part, and by the whole machine under
	 * {@code machine} (busy) and {@code machineCapacity} (busy and idle).
	 * @return the CPU seconds, empty where {@code /proc} cannot be read
	 */
	Map<String, Double> snapshot() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		List<ProcessHandle> all = ProcessHandle.allProcesses().toList();
		this.parts.forEach((name, matches) -> seconds.put(name,
				all.stream().filter(matches).mapToDouble(CpuUsage::cpuSeconds).sum()));
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			double total = 0;
			for (int i = 1; i < cpu.length; i++) {
				total += Double.parseDouble(cpu[i]);
			}
			// idle and iowait
			double idle = Double.parseDouble(cpu[4]) + Double.parseDouble(cpu[5]);
			seconds.put("machine", (total - idle) / TICKS_PER_SECOND);
			seconds.put("machineCapacity", total / TICKS_PER_SECOND);
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: the parts' figures are all there is
		}
		return seconds;
	}

	/**
	 * CPU milliseconds per event for each part between two snapshots, and the machine's
	 * busy share in percent.
	 */
	static Map<String, Object> perEvent(Map<String, Double> before, Map<String, Double> after, long events) {
		Map<String, Object> result = new LinkedHashMap<>();
		Map<String, Double> perEvent = new LinkedHashMap<>();
		after.forEach((name, seconds) -> {
			if (!name.startsWith("machine")) {
				perEvent.put(name, round((seconds - before.getOrDefault(name, 0.0)) * 1000 / Math.max(events, 1)));
			}
		});
		result.put("cpuMsPerEvent", perEvent);
		if (after.containsKey("machine") && before.containsKey("machine")) {
			double busy = after.get("machine") - before.get("machine");
			double capacity = after.get("machineCapacity") - before.get("machineCapacity");
			result.put("machineCpuMsPerEvent", round(busy * 1000 / Math.max(events, 1)));
			result.put("machineBusyPercent", round(100 * busy / capacity));
		}
		return result;
	}

	private static Predicate<ProcessHandle> commandContains(String part) {
		return (process) -> process.info().command().map((command) -> command.contains(part)).orElse(false);
	}

	private static double cpuSeconds(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
			// fields after the command name, which is in parentheses and may hold spaces
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime are fields 14 and 15 of the whole line
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0; // gone in between, or not Linux
		}
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
