package com.labelpush.gateway;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	/** Binding lingers and session heartbeats: short tasks, never a socket write. */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService gatewayScheduler() {
		return Executors.newScheduledThreadPool(1, (runnable) -> {
			Thread thread = new Thread(runnable, "gateway-scheduler");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	GatewayState gatewayState() {
		return new GatewayState();
	}

}
