package com.labelpush.gateway.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * The sender against a socket whose writes complete when the test says, as a socket that
 * cannot take a frame at once completes it later on a container thread.
 */
class OrderedSenderTests {

	private final RemoteEndpoint.Async remote = mock(RemoteEndpoint.Async.class);

	private final List<String> writesStarted = new ArrayList<>();

	private final List<SendHandler> inFlight = new ArrayList<>();

	private final List<Long> delivered = new ArrayList<>();

	private final AtomicInteger failures = new AtomicInteger();

	private final OrderedSender sender = new OrderedSender(this.remote, 100, this.delivered::add,
			this.failures::incrementAndGet);

	OrderedSenderTests() throws IOException {
		willAnswer((invocation) -> {
			this.writesStarted.add(invocation.getArgument(0));
			this.inFlight.add(invocation.getArgument(1));
			return null;
		}).given(this.remote).sendText(anyString(), any(SendHandler.class));
	}

	@Test
	void shouldWriteNothingBeforeStartThenTheQueuedFramesInOrder() {
		this.sender.queue(frame("hello", -1));
		this.sender.send(frame("a", 1000));
		assertThat(this.writesStarted).isEmpty();

		this.sender.start();
		complete(0);

		assertThat(this.writesStarted).containsExactly("hello", "a");
	}

	@Test
	void shouldWriteOneFrameAtATimeAndGoOnWhenTheSocketCompletesIt() {
		this.sender.start();
		this.sender.send(frame("a", 1000));
		this.sender.send(frame("b", 2000));
		this.sender.send(frame("c", -1));

		assertThat(this.writesStarted).containsExactly("a");
		assertThat(this.sender.writeStartedNanos()).isNotZero();
		complete(0);
		assertThat(this.writesStarted).containsExactly("a", "b");
		complete(1);
		complete(2);

		assertThat(this.writesStarted).containsExactly("a", "b", "c");
		// the delivery lag counts live events only
		assertThat(this.delivered).containsExactly(1000L, 2000L);
		assertThat(this.sender.writeStartedNanos()).isZero();
	}

	@Test
	void shouldRefuseAFrameThatTakesTheQueueOverItsLimit() {
		this.sender.start();
		assertThat(this.sender.send(frame("x".repeat(60), -1))).isTrue();

		assertThat(this.sender.send(frame("y".repeat(60), -1))).isFalse();
		complete(0);
		assertThat(this.sender.send(frame("z".repeat(30), -1))).as("room again once written").isTrue();
	}

	@Test
	void shouldStopAtAFailedWriteAndSayTheConnectionIsBroken() {
		this.sender.start();
		this.sender.send(frame("a", -1));
		this.sender.send(frame("b", -1));

		this.inFlight.get(0).onResult(new SendResult(new IOException("broken pipe")));

		assertThat(this.failures).hasValue(1);
		assertThat(this.writesStarted).containsExactly("a");
	}

	@Test
	void shouldWriteNothingMoreOnceStopped() {
		this.sender.start();
		this.sender.send(frame("a", -1));
		this.sender.send(frame("b", -1));

		this.sender.stop();
		complete(0);
		this.sender.send(frame("c", -1));

		assertThat(this.writesStarted).containsExactly("a");
	}

	private void complete(int write) {
		this.inFlight.get(write).onResult(new SendResult());
	}

	private static Frame frame(String text, long occurredAtMillis) {
		return new Frame(new TextMessage(text), occurredAtMillis, -1);
	}

}
