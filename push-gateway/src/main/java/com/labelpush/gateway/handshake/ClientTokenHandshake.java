package com.labelpush.gateway.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.security.ClientTokenVerifier;
import com.labelpush.gateway.security.TokenRefused;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The client token, from an {@code Authorization: Bearer} header or {@code ?token=}
 * (WebSocketSharp cannot easily set headers), must open the camera in the path: closed
 * with 4401 when it is missing or invalid (get a new one), 4403 when it is another
 * camera's (a new one will not help); 503 when the keys to check it cannot be fetched.
 */
class ClientTokenHandshake extends HandshakeCheck {

	static final String GRANT = ClientTokenHandshake.class.getName() + ".grant";

	private static final String BEARER = "Bearer ";

	private final ClientTokenVerifier verifier;

	ClientTokenHandshake(ClientTokenVerifier verifier, GatewayMetrics metrics) {
		super(metrics);
		this.verifier = verifier;
	}

	@Override
	boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes) {
		CameraId camera = (CameraId) attributes.get(ClientIdHandshake.CAMERA);
		try {
			attributes.put(GRANT, this.verifier.verify(token(request), camera));
			return true;
		}
		catch (TokenRefused ex) {
			return switch (ex.kind()) {
				case MISSING, INVALID ->
					refuseAfterUpgrade(attributes, ClosingRefusal.unauthorized(ex.reason(), ex.summary()));
				case WRONG_CAMERA ->
					refuseAfterUpgrade(attributes, ClosingRefusal.forbidden(ex.reason(), ex.summary()));
				case KEYS_UNAVAILABLE -> {
					response.getHeaders().set("Retry-After", "1");
					yield refuse(response, HttpStatus.SERVICE_UNAVAILABLE, ex.reason(), ex.getMessage());
				}
			};
		}
	}

	private static @Nullable String token(ServerHttpRequest request) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return authorization.substring(BEARER.length()).trim();
		}
		String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("token");
		return (token != null) ? UriUtils.decode(token, StandardCharsets.UTF_8) : null;
	}

}
