package com.labelpush.gateway.jetty;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the gateway changes in Jetty (the -Ptomcat build leaves this package out).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ServerConnector.class)
class JettyConfiguration {

	/**
	 * Connections the kernel holds for Jetty to accept, capped by
	 * {@code net.core.somaxconn}. Jetty asks for none, so Java's 50 applies: in a storm
	 * of reconnects (the clients of a failed replica) the kernel then drops most
	 * connection attempts, and each client's TCP waits 1, 2, 4, 8, ... seconds before it
	 * tries again: far longer than the handshakes take.
	 */
	static final int ACCEPT_QUEUE = 4096;

	@Bean
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> acceptQueue() {
		return (factory) -> factory.addServerCustomizers((server) -> {
			for (Connector connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector) {
					serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
				}
			}
		});
	}

}
