package com.labelpush.gateway.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.labelpush.testsupport.AppProcess;
import com.labelpush.gateway.support.Gateways;
import com.labelpush.gateway.support.RefusedHandshakes;
import com.labelpush.gateway.support.TestTokens;
import com.labelpush.gateway.support.WsClient;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static com.labelpush.testsupport.Cameras.freshCamera;
import static org.assertj.core.api.Assertions.assertThat;

/** The gateway verifies tokens with label-api's published key set, fetched once. */
class ClientTokenKeySetIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void shouldFetchTheKeySetOnceForManyConnects() throws Exception {
		AtomicInteger fetches = new AtomicInteger();
		HttpServer keys = keySetServer(fetches);
		ConfigurableApplicationContext gateway = Gateways.start("jwks-" + freshCamera(),
				"gateway.client-tokens.public-key=",
				"gateway.client-tokens.jwk-set-uri=http://127.0.0.1:" + keys.getAddress().getPort() + "/jwks.json");
		try {
			for (int i = 0; i < 5; i++) {
				try (WsClient client = WsClient.connect(Gateways.port(gateway), freshCamera())) {
					assertThat(client.nextJson(WAIT).get("type").asString()).isEqualTo("hello");
				}
			}
			assertThat(fetches.get()).isOne();

			// A token naming a key id it does not know could mean label-api rotated its
			// key: the set is fetched again, but at most once in 30 s however many such
			// tokens come.
			for (int i = 0; i < 3; i++) {
				assertThat(WsClient.refusedByClose(Gateways.port(gateway),
						"/ws/label/" + freshCamera() + "?token=" + TestTokens.forged("x")))
					.isEqualTo(new WsClient.Closed(4401, "invalid token: unknown signing key"));
			}
			assertThat(fetches.get()).isEqualTo(2);
		}
		finally {
			gateway.close();
			keys.stop(0);
		}
	}

	@Test
	void shouldAnswer503WhenTheKeySetCannotBeFetched() throws Exception {
		ConfigurableApplicationContext gateway = Gateways.start("jwks-down-" + freshCamera(),
				"gateway.client-tokens.public-key=",
				"gateway.client-tokens.jwk-set-uri=http://127.0.0.1:" + AppProcess.freePort() + "/jwks.json");
		try {
			String camera = freshCamera();
			var refusal = WsClient.refusal(Gateways.port(gateway),
					"/ws/label/" + camera + "?token=" + TestTokens.forCamera(camera));

			assertThat(refusal.statusCode()).isEqualTo(503);
			assertThat(refusal.headers().firstValue("Retry-After")).isPresent();
			assertThat(refusal.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
			assertThat(RefusedHandshakes.count(gateway.getBean(MeterRegistry.class), "token_keys_unavailable")).isOne();
		}
		finally {
			gateway.close();
		}
	}

	private static HttpServer keySetServer(AtomicInteger fetches) throws IOException {
		byte[] body = TestTokens.publicKeySet().getBytes(StandardCharsets.UTF_8);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/jwks.json", (exchange) -> {
			fetches.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

}
