package com.labelpush.gateway.handshake;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.labelpush.gateway.GatewayMetrics;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;

/**
 * Stops an address that keeps making handshakes the gateway refuses: each refusal a
 * client causes (a missing, invalid or other camera's token, a bad clientId or since, an
 * origin not allowed) takes one from the address's bucket of
 * {@code gateway.limits.refused-handshakes-per-second-per-address}; with the bucket empty
 * every handshake from the address gets 429 with Retry-After until it refills. Handshakes
 * that succeed, or are only told to come back later, take nothing: the desktops of a site
 * behind one NAT address come back after a failover as fast as the gateway admits them,
 * while a flood of bad handshakes from one address is cut off after a second's worth.
 * Checked first, so a cut-off address costs no token verification.
 */
class AddressRateLimit extends HandshakeCheck {

	private static final String BUCKET = AddressRateLimit.class.getName() + ".bucket";

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
		Bucket bucket = this.buckets.get(address, (key) -> newBucket());
		if (bucket.getAvailableTokens() > 0) {
			attributes.put(BUCKET, bucket);
			return true;
		}
		long refillNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
		long retryAfterSeconds = Math.max(1, Duration.ofNanos(refillNanos).toSeconds() + 1);
		response.getHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
		return refuse(response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
				"too many refused handshakes from this address: at most " + this.perSecond + " per second");
	}

	/**
	 * Counts a refusal the client caused against its address.
	 * @param attributes the handshake attributes, which hold the address's bucket
	 */
	static void charge(Map<String, Object> attributes) {
		Bucket bucket = (Bucket) attributes.remove(BUCKET);
		if (bucket != null) {
			bucket.tryConsume(1);
		}
	}

	/** Lets go of the address's bucket once the handshake is through. */
	static void forget(Map<String, Object> attributes) {
		attributes.remove(BUCKET);
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
