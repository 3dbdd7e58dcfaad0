package com.labelpush.gateway.websocket;

import java.time.Duration;

import com.labelpush.gateway.GatewayProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

@Configuration(proxyBeanMethods = false)
class WebSocketContainerConfiguration {

	/**
	 * Inbound frames over {@code gateway.max-frame-size} close the session with 1009 (the
	 * container enforces it). The settings are bound straight from the environment (same
	 * record, same defaults, the defaults alone when none is set): this factory bean is
	 * created before configuration properties beans exist.
	 */
	@Bean
	static ServletServerContainerFactoryBean webSocketContainer(Environment environment) {
		// bindOrCreate: with none of the record's own settings given (only
		// gateway.client-tokens.*, say) bind() finds nothing to bind
		GatewayProperties properties = Binder.get(environment).bindOrCreate("gateway", GatewayProperties.class);
		DataSize maxFrameSize = properties.maxFrameSize();
		Duration heartbeatTimeout = properties.heartbeatTimeout();
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		// The heartbeat closes silent sessions; the container's idle timeout only reaps a
		// connection whose close could not complete (a client that stopped reading).
		container.setMaxSessionIdleTimeout(heartbeatTimeout.plusSeconds(30).toMillis());
		container.setMaxTextMessageBufferSize((int) maxFrameSize.toBytes());
		container.setMaxBinaryMessageBufferSize((int) maxFrameSize.toBytes());
		return container;
	}

}
