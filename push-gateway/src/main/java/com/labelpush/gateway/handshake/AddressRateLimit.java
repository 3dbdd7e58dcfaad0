package com.labelpush.gateway.handshake;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.labelpush.gateway.GatewayMetrics;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;

/**
 * At most {@code gateway.limits.handshakes-per-second-per-address} handshakes per second
 * from one remote address (a token bucket per address, in a bounded cache); beyond that,
 * 429 with Retry-After. Checked first, so a flood costs no token verification.
 */
class AddressRateLimit extends HandshakeCheck {

	private final int perSecond;

	private final Cache<InetAddress, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(1))
		.maximumSize(100_000)
		.build();

	AddressRateLimit(int perSecond, GatewayMetrics metrics) {
		super(metrics);
		this.perSecond = perSecond;
	}

	@Override
	boolean check(ServerHttpRequest request, ServerHttpResponse response, Map<String, Object> attributes) {
		InetAddress address = request.getRemoteAddress().getAddress();
		ConsumptionProbe probe = this.buckets.get(address, (key) -> newBucket()).tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return true;
		}
		long retryAfterSeconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
		response.getHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
		return refuse(response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
				"too many handshakes from this address: at most " + this.perSecond + " per second");
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.perSecond)
				.refillGreedy(this.perSecond, Duration.ofSeconds(1))
				.build())
			.build();
	}

}
