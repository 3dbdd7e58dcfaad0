package com.labelpush.system.support;

import java.util.ArrayList;
import java.util.List;

import com.labelpush.testsupport.AppProcess;

/** push-gateway replicas resuming from one label-api. */
public final class Gateways {

	private Gateways() {
	}

	/**
	 * Starts a replica with the run flags docs/running-the-jars.md gives.
	 * @param instanceId its instance id (and so its queue)
	 * @param api the label-api it resumes from and takes client-token keys from
	 * @param settings further settings, without {@code --}
	 * @return the ready process
	 */
	public static AppProcess start(String instanceId, LabelApi api, String... settings) throws Exception {
		return start(AppProcess.freePort(), instanceId, api, settings);
	}

	/**
	 * Starts a replica on a given port.
	 * @param port its port
	 * @param instanceId its instance id (and so its queue)
	 * @param api the label-api it resumes from and takes client-token keys from
	 * @param settings further settings, without {@code --}
	 * @return the ready process
	 */
	public static AppProcess start(int port, String instanceId, LabelApi api, String... settings) throws Exception {
		return start(List.of("-Xmx512m", "-XX:+UseParallelGC"), port, instanceId, api, settings);
	}

	/**
	 * Starts a replica with JVM options of its own, as a benchmark sizes it.
	 * @param jvmOptions options for its JVM
	 * @param port its port
	 * @param instanceId its instance id (and so its queue)
	 * @param api the label-api it resumes from and takes client-token keys from
	 * @param settings further settings, without {@code --}
	 * @return the ready process
	 */
	public static AppProcess start(List<String> jvmOptions, int port, String instanceId, LabelApi api,
			String... settings) throws Exception {
		List<String> all = new ArrayList<>(List.of("gateway.instance-id=" + instanceId,
				"gateway.history.base-url=" + api.baseUrl(), "gateway.history.api-key=" + LabelApi.GATEWAY_KEY,
				"gateway.binding-linger=1s", "gateway.drain-window=1s"));
		all.addAll(Broker.settingsOr(settings));
		return AppProcess.startJar("push-gateway", port, jvmOptions, all);
	}

}
