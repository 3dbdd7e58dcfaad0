package com.labelpush.gateway.handshake;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.labelpush.events.Deferral;
import com.labelpush.gateway.GatewayMetrics;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;

/**
 * Smooths a storm of new sessions (the clients of a failed replica coming back at once)
 * to {@code gateway.limits.new-sessions-per-second}: the clients beyond it are upgraded
 * and closed at once with 4503 and a reason that says when to come back
 * ({@link Deferral}), each a little later than the one before, so that they return spread
 * out instead of all timing out together. A close, not an HTTP 503 with Retry-After:
 * browsers and WebSocketSharp read close codes and reasons, not a refused handshake's
 * headers. Checked before the token, so a deferred client costs no signature check;
 * counted as refused with reason {@code deferred}.
 */
class SessionAdmission extends HandshakeCheck {

	private final AdmissionSchedule schedule;

	SessionAdmission(int perSecond, Duration longestWait, GatewayMetrics metrics) {
		super(metrics);
		this.schedule = new AdmissionSchedule(perSecond, longestWait, System.nanoTime());
	}

	@Override
	boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes) {
		long wait = this.schedule.admit(System.nanoTime());
		if (wait == 0) {
			return true;
		}
		return refuseAfterUpgrade(attributes, ClosingRefusal.comeBackLater("deferred",
				Deferral.reason(TimeUnit.NANOSECONDS.toMillis(wait), "this gateway is opening many sessions")));
	}

}
