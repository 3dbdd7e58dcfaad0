package com.labelpush.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** The gateway as operators see it. */
@Component
public class GatewayMetrics {

	private final MeterRegistry registry;

	private final Counter eventsReceived;

	private final Counter framesDelivered;

	private final Timer deliveryLag;

	private final DistributionSummary fanOut;

	GatewayMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.eventsReceived = Counter.builder("gateway.events.received")
			.description("Label events received from the broker")
			.register(registry);
		this.framesDelivered = Counter.builder("gateway.frames.delivered")
			.description("Event frames written to client sockets")
			.register(registry);
		this.deliveryLag = Timer.builder("gateway.delivery.lag")
			.description("Time from an event's commit (occurredAt) to its frame being written to a client")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
		this.fanOut = DistributionSummary.builder("gateway.events.fanout")
			.description("Local sessions an event was sent to")
			.register(registry);
	}

	public void gauge(String name, String description, Supplier<Number> value) {
		Gauge.builder(name, value).description(description).register(this.registry);
	}

	public void eventReceived(int sessions) {
		this.eventsReceived.increment();
		this.fanOut.record(sessions);
	}

	public void eventRejected(String reason) {
		this.registry.counter("gateway.events.rejected", "reason", reason).increment();
	}

	public void frameDelivered(long occurredAtMillis) {
		this.framesDelivered.increment();
		this.deliveryLag.record(Math.max(0, System.currentTimeMillis() - occurredAtMillis), TimeUnit.MILLISECONDS);
	}

	public void gapDetected() {
		this.registry.counter("gateway.events.gaps").increment();
	}

	public void duplicateDropped() {
		this.registry.counter("gateway.events.duplicates").increment();
	}

	public void sessionClosed(String reason) {
		this.registry.counter("gateway.sessions.closed", "reason", reason).increment();
	}

	public void tokenRefresh(String outcome) {
		this.registry.counter("gateway.tokens.refreshes", "outcome", outcome).increment();
	}

	public void handshakeRefused(String reason) {
		this.registry.counter("gateway.handshakes.refused", "reason", reason).increment();
	}

}
