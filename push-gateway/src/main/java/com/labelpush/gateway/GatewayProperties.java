package com.labelpush.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of one gateway instance.
 *
 * @param instanceId this instance's id, part of its queue name; generated when empty
 * @param heartbeat interval of server pings, advertised in {@code hello}
 * @param heartbeatTimeout a session that shows no sign of life for this long is closed
 * @param maxFrameSize largest inbound message; larger ones close the session with 1009
 * @param sendBufferLimit most bytes queued for one session; beyond it the session is
 * closed with 1013
 * @param sendTimeLimit longest a single send to one session may take before it is closed
 * with 1013
 * @param bindingLinger how long a camera's binding stays after its last local session
 * leaves
 * @param drainWindow on shutdown, sessions are closed with 1001 spread over this window
 * @param reconnectMin smallest reconnect back-off advised to clients
 * @param reconnectMax largest reconnect back-off advised to clients
 * @param allowedOrigins browser origins allowed to connect besides the gateway's own;
 * clients that send no {@code Origin} (desktop clients) are not affected
 * @param limits what one instance, one address and one session may ask of it
 */
@ConfigurationProperties("gateway")
@Validated
public record GatewayProperties(@Nullable String instanceId, @DefaultValue("25s") @NotNull Duration heartbeat,
		@DefaultValue("60s") @NotNull Duration heartbeatTimeout, @DefaultValue("8KB") @NotNull DataSize maxFrameSize,
		@DefaultValue("512KB") @NotNull DataSize sendBufferLimit, @DefaultValue("10s") @NotNull Duration sendTimeLimit,
		@DefaultValue("5s") @NotNull Duration bindingLinger, @DefaultValue("10s") @NotNull Duration drainWindow,
		@DefaultValue("1s") @NotNull Duration reconnectMin, @DefaultValue("30s") @NotNull Duration reconnectMax,
		@Nullable List<String> allowedOrigins, @DefaultValue @NotNull @Valid Limits limits) {

	private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

	public GatewayProperties {
		instanceId = (instanceId == null || instanceId.isBlank()) ? generatedInstanceId() : instanceId;
		if (!INSTANCE_ID.matcher(instanceId).matches()) {
			throw new IllegalArgumentException(
					"gateway.instance-id must be 1-100 characters of A-Z, a-z, 0-9, '_', '.' or '-', got "
							+ instanceId);
		}
		requirePositive("heartbeat", heartbeat);
		requirePositive("send-time-limit", sendTimeLimit);
		requireNotNegative("binding-linger", bindingLinger);
		requireNotNegative("drain-window", drainWindow);
		requirePositive("reconnect-min", reconnectMin);
		if (heartbeat != null && heartbeatTimeout != null && heartbeatTimeout.compareTo(heartbeat) <= 0) {
			throw new IllegalArgumentException("gateway.heartbeat-timeout (" + heartbeatTimeout
					+ ") must be longer than gateway.heartbeat (" + heartbeat + ")");
		}
		if (reconnectMin != null && reconnectMax != null && reconnectMax.compareTo(reconnectMin) < 0) {
			throw new IllegalArgumentException("gateway.reconnect-max (" + reconnectMax
					+ ") must not be shorter than gateway.reconnect-min (" + reconnectMin + ")");
		}
		if (maxFrameSize != null && (maxFrameSize.toBytes() < 256 || maxFrameSize.toBytes() > 1024 * 1024)) {
			throw new IllegalArgumentException(
					"gateway.max-frame-size must be between 256B and 1MB, got " + maxFrameSize);
		}
		if (sendBufferLimit != null && maxFrameSize != null && sendBufferLimit.toBytes() < 16 * 1024) {
			throw new IllegalArgumentException(
					"gateway.send-buffer-limit must be at least 16KB, got " + sendBufferLimit);
		}
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
	}

	/**
	 * The queue this instance consumes from.
	 * @return {@code push-gateway.<instanceId>}
	 */
	public String queueName() {
		return "push-gateway." + this.instanceId;
	}

	/**
	 * Limits that keep one instance, one address or one session from taking more than its
	 * share.
	 *
	 * @param maxSessions sessions one instance holds; further handshakes get 503
	 * @param newSessionsPerSecond sessions one instance opens per second (a quarter of it
	 * at once); further clients are closed with 4503 and told when to come back, spread
	 * so that they return at this rate
	 * @param refusedHandshakesPerSecondPerAddress refused handshakes (bad token, camera,
	 * clientId or origin) one remote address may make per second (as a burst, refilled
	 * evenly); once they are used up, every handshake from it gets 429 until it refills.
	 * Handshakes that succeed are not counted, so the desktops of a site behind one NAT
	 * address all come back
	 * @param inboundMessagesPerSecond messages one session may send per second; more
	 * closes it with 1008
	 */
	public record Limits(@DefaultValue("20000") @Min(1) int maxSessions,
			@DefaultValue("500") @Min(1) int newSessionsPerSecond,
			@DefaultValue("50") @Min(1) int refusedHandshakesPerSecondPerAddress,
			@DefaultValue("20") @Min(1) int inboundMessagesPerSecond) {
	}

	private static String generatedInstanceId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
		}
		catch (UnknownHostException ex) {
			host = "gateway";
		}
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		return (host.length() > 80 ? host.substring(0, 80) : host) + "-" + suffix;
	}

	private static void requirePositive(String name, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException("gateway." + name + " must be positive, got " + value);
		}
	}

	private static void requireNotNegative(String name, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new IllegalArgumentException("gateway." + name + " must not be negative, got " + value);
		}
	}

}
