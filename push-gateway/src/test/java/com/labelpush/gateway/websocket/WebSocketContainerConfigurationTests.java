package com.labelpush.gateway.websocket;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatNoException;

class WebSocketContainerConfigurationTests {

	@Test
	void shouldTakeTheDefaultsWhenNoneOfTheGatewaysOwnSettingsIsGiven() {
		// only a setting of another gateway.* record, as a minimal start has
		MockEnvironment environment = new MockEnvironment().withProperty("gateway.client-tokens.public-key",
				"file:client-tokens-public.pem");

		assertThatNoException().isThrownBy(() -> WebSocketContainerConfiguration.webSocketContainer(environment));
	}

}
