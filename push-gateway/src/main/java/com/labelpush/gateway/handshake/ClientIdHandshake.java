package com.labelpush.gateway.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayState;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Refuses every handshake with 503 while this instance drains; otherwise reads the camera
 * from the path and {@code since} from the query, closing with 4400 when either is not
 * valid (a client bug or configuration error, which retrying will not mend).
 */
class ClientIdHandshake extends HandshakeCheck {

	static final String CAMERA = ClientIdHandshake.class.getName() + ".camera";

	static final String SINCE = ClientIdHandshake.class.getName() + ".since";

	private final GatewayState state;

	ClientIdHandshake(GatewayState state, GatewayMetrics metrics) {
		super(metrics);
		this.state = state;
	}

	@Override
	boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes) {
		if (!this.state.isAccepting()) {
			response.getHeaders().set("Retry-After", "1");
			return refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
					"This gateway instance is shutting down; reconnect (through the load balancer) with since=<last seq>");
		}
		String path = request.getURI().getRawPath();
		String clientId = UriUtils.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
		if (!CameraId.isValid(clientId)) {
			return refuseAfterUpgrade(attributes,
					ClosingRefusal.invalidRequest("invalid_client_id", "invalid clientId: " + CameraId.RULE));
		}
		String since = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("since");
		if (since != null) {
			if (!since.matches("\\d{1,18}")) {
				return refuseAfterUpgrade(attributes, ClosingRefusal.invalidRequest("invalid_since",
						"invalid since: the last seq received, a non-negative integer"));
			}
			attributes.put(SINCE, Long.parseLong(since));
		}
		attributes.put(CAMERA, CameraId.of(clientId));
		return true;
	}

}
