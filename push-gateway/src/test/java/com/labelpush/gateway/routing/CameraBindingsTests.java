package com.labelpush.gateway.routing;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The reference count of a camera's binding: bound once for its first session, kept
 * through the linger after its last, gone after it; against a recording broker admin and
 * a scheduler the test runs by hand.
 */
class CameraBindingsTests {

	private static final CameraId CAMERA = CameraId.of("cam-7");

	private static final Duration LINGER = Duration.ofSeconds(30);

	private final AmqpAdmin admin = mock(AmqpAdmin.class);

	private final ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);

	private final ScheduledFuture<?> pendingUnbind = mock(ScheduledFuture.class);

	private final Queue queue = new Queue("push-gateway.test", false, true, true);

	private final LatestSeqs latestSeqs = new LatestSeqs();

	private CameraBindings bindings;

	@BeforeEach
	void setUp() {
		GatewayProperties properties = mock(GatewayProperties.class);
		given(properties.bindingLinger()).willReturn(LINGER);
		given(this.scheduler.schedule(any(Runnable.class), anyLong(), any())).willAnswer((call) -> this.pendingUnbind);
		this.bindings = new CameraBindings(this.admin, this.queue, properties, this.scheduler,
				mock(GatewayMetrics.class), this.latestSeqs);
	}

	@Test
	void shouldBindACameraOnceForAllItsSessions() {
		this.bindings.acquire(CAMERA);
		this.bindings.acquire(CAMERA);
		this.bindings.acquire(CAMERA);

		verify(this.admin, times(1)).declareBinding(binding(CAMERA));
		assertThat(this.bindings.isBound(CAMERA)).isTrue();
		assertThat(this.bindings.boundCameras()).isOne();
	}

	@Test
	void shouldUnbindOnlyAfterTheLastSessionAndTheLinger() {
		this.bindings.acquire(CAMERA);
		this.bindings.acquire(CAMERA);

		this.bindings.release(CAMERA);
		verify(this.scheduler, never()).schedule(any(Runnable.class), anyLong(), any());

		this.bindings.release(CAMERA);
		Runnable unbind = scheduledUnbind();
		assertThat(this.bindings.isBound(CAMERA)).as("lingering").isTrue();
		verify(this.admin, never()).removeBinding(any());

		unbind.run();
		verify(this.admin).removeBinding(binding(CAMERA));
		assertThat(this.bindings.isBound(CAMERA)).isFalse();
		assertThat(this.bindings.boundCameras()).isZero();
		assertThat(this.latestSeqs.stream(CAMERA)).as("its stream forgotten").isNull();
	}

	@Test
	void shouldKeepTheBindingForASessionArrivingWithinTheLinger() {
		this.bindings.acquire(CAMERA);
		this.bindings.release(CAMERA);
		Runnable unbind = scheduledUnbind();

		this.bindings.acquire(CAMERA);
		verify(this.pendingUnbind).cancel(false);
		// a cancelled unbind that runs anyway finds the camera in use
		unbind.run();

		verify(this.admin, times(1)).declareBinding(binding(CAMERA));
		verify(this.admin, never()).removeBinding(any());
		assertThat(this.bindings.isBound(CAMERA)).isTrue();
	}

	@Test
	void shouldBindAgainForASessionAfterTheBindingWentAway() {
		this.bindings.acquire(CAMERA);
		this.bindings.release(CAMERA);
		scheduledUnbind().run();

		this.bindings.acquire(CAMERA);

		verify(this.admin, times(2)).declareBinding(binding(CAMERA));
		assertThat(this.bindings.isBound(CAMERA)).isTrue();
	}

	@Test
	void shouldRefuseASessionWhoseBindingTheBrokerCannotTakeAndTryAgainForTheNext() {
		willThrow(new AmqpConnectException(new ConnectException("refused"))).given(this.admin)
			.declareBinding(binding(CAMERA));

		assertThatExceptionOfType(BindingUnavailable.class).isThrownBy(() -> this.bindings.acquire(CAMERA));
		assertThat(this.bindings.isBound(CAMERA)).isFalse();
		assertThat(this.latestSeqs.stream(CAMERA)).isNull();
		assertThat(this.bindings.boundCameras()).isZero();
		// the refused session never counted: its release changes nothing
		this.bindings.release(CAMERA);
		verify(this.scheduler, never()).schedule(any(Runnable.class), anyLong(), any());

		assertThatExceptionOfType(BindingUnavailable.class).isThrownBy(() -> this.bindings.acquire(CAMERA));
		verify(this.admin, times(2)).declareBinding(binding(CAMERA));
	}

	@Test
	void shouldDeclareTheQueueAndEveryBindingInUseAgainAfterAReconnect() {
		CameraId other = CameraId.of("cam-8");
		CameraId gone = CameraId.of("cam-9");
		this.bindings.acquire(CAMERA);
		this.bindings.acquire(other);
		this.bindings.acquire(gone);
		this.bindings.release(gone);
		scheduledUnbind().run();

		this.bindings.reapplyAll();

		verify(this.admin).declareQueue(this.queue);
		verify(this.admin, times(2)).declareBinding(binding(CAMERA));
		verify(this.admin, times(2)).declareBinding(binding(other));
		verify(this.admin, times(1)).declareBinding(binding(gone));
	}

	@Test
	void shouldIgnoreTheReleaseOfACameraItNeverBound() {
		this.bindings.release(CAMERA);

		verify(this.scheduler, never()).schedule(any(Runnable.class), anyLong(), any());
		assertThat(this.bindings.isBound(CAMERA)).isFalse();
	}

	private Runnable scheduledUnbind() {
		ArgumentCaptor<Runnable> unbind = ArgumentCaptor.forClass(Runnable.class);
		verify(this.scheduler, atLeastOnce()).schedule(unbind.capture(), eq(LINGER.toMillis()),
				eq(TimeUnit.MILLISECONDS));
		return unbind.getValue();
	}

	// Binding has no equals: matched by what makes it this camera's
	private Binding binding(CameraId camera) {
		return argThat((binding) -> binding != null && binding.getDestination().equals(this.queue.getName())
				&& binding.getExchange().equals(LabelEventsTopology.EXCHANGE)
				&& binding.getRoutingKey().equals(LabelEventsTopology.bindingPattern(camera)));
	}

}
