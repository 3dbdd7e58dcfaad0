package com.labelpush.gateway.support;

import java.util.ArrayList;
import java.util.List;

import com.labelpush.gateway.PushGatewayApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts gateway instances in the test JVM, each a full application on a random port. */
public final class Gateways {

	private Gateways() {
	}

	public static ConfigurableApplicationContext start(String instanceId, String... settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--gateway.instance-id=" + instanceId));
		for (String setting : settings) {
			args.add("--" + setting);
		}
		return new SpringApplicationBuilder(PushGatewayApplication.class).profiles("test")
			.run(args.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext gateway) {
		return ((WebServerApplicationContext) gateway).getWebServer().getPort();
	}

}
