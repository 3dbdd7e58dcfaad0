package com.labelpush.labelapi.clienttoken;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClientTokenConfiguration {

	@Bean
	ClientTokens clientTokens(ClientTokenProperties properties, Clock clock) {
		return new ClientTokens(properties, clock);
	}

}
