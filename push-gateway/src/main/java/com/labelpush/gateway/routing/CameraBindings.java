package com.labelpush.gateway.routing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEventsTopology;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Binding.DestinationType;
import org.springframework.amqp.core.Queue;
import org.springframework.stereotype.Component;

/**
 * Binds this instance's queue to {@code camera.<id>.*} while the camera has local
 * sessions. Reference-counted: the first session of a camera binds (synchronously, so the
 * binding is in place before the session's {@code hello}), the last one leaving starts a
 * linger after which the binding goes, and a session arriving within the linger finds it
 * still there.
 */
@Component
public class CameraBindings {

	private static final Log logger = LogFactory.getLog(CameraBindings.class);

	private final AmqpAdmin admin;

	private final Queue queue;

	private final Duration linger;

	private final ScheduledExecutorService scheduler;

	private final Map<CameraId, Entry> entries = new ConcurrentHashMap<>();

	private final LatestSeqs latestSeqs;

	CameraBindings(AmqpAdmin admin, Queue gatewayQueue, GatewayProperties properties,
			ScheduledExecutorService gatewayScheduler, GatewayMetrics metrics, LatestSeqs latestSeqs) {
		this.admin = admin;
		this.latestSeqs = latestSeqs;
		this.queue = gatewayQueue;
		this.linger = properties.bindingLinger();
		this.scheduler = gatewayScheduler;
		metrics.gauge("gateway.cameras.bound", "Cameras this instance's queue is bound to", this::boundCameras);
	}

	/**
	 * Counts a new local session of a camera, binding the camera first if needed.
	 * @param camera the camera
	 * @throws BindingUnavailable when the binding is needed and the broker cannot be
	 * reached
	 */
	public void acquire(CameraId camera) {
		while (true) {
			Entry entry = this.entries.computeIfAbsent(camera, (key) -> new Entry());
			synchronized (entry) {
				if (entry.removed) {
					// unbound and dropped meanwhile: start over with a fresh entry
					continue;
				}
				if (entry.pendingUnbind != null) {
					entry.pendingUnbind.cancel(false);
					entry.pendingUnbind = null;
				}
				if (!entry.bound) {
					// before the binding, so that the stream sees every event it brings
					this.latestSeqs.bound(camera);
					try {
						this.admin.declareBinding(binding(camera));
					}
					catch (RuntimeException ex) {
						this.latestSeqs.unbound(camera);
						if (entry.sessions == 0) {
							entry.removed = true;
							this.entries.remove(camera, entry);
						}
						throw new BindingUnavailable(camera, ex);
					}
					entry.bound = true;
					logger.info("camera bound cameraId=" + camera + " queue=" + this.queue.getName());
				}
				entry.sessions++;
				return;
			}
		}
	}

	/**
	 * Counts a local session of a camera gone; the last one starts the linger.
	 * @param camera the camera
	 */
	public void release(CameraId camera) {
		Entry entry = this.entries.get(camera);
		if (entry == null) {
			return;
		}
		synchronized (entry) {
			entry.sessions--;
			if (entry.sessions == 0 && !entry.removed) {
				entry.pendingUnbind = this.scheduler.schedule(() -> unbindIfUnused(camera, entry),
						this.linger.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	/**
	 * Declares every binding again, as after a broker reconnect (the queue is exclusive,
	 * so the broker dropped it and its bindings with the old connection).
	 */
	public void reapplyAll() {
		// events published while the old connection was down never arrive
		this.latestSeqs.forgetAll();
		this.admin.declareQueue(this.queue);
		int count = 0;
		for (Map.Entry<CameraId, Entry> each : this.entries.entrySet()) {
			Entry entry = each.getValue();
			synchronized (entry) {
				if (!entry.removed && entry.bound) {
					this.admin.declareBinding(binding(each.getKey()));
					count++;
				}
			}
		}
		logger.info("bindings re-applied count=" + count + " queue=" + this.queue.getName());
	}

	/**
	 * Whether a camera is bound now, lingering included.
	 * @param camera the camera
	 * @return {@code true} when the binding is in place
	 */
	public boolean isBound(CameraId camera) {
		Entry entry = this.entries.get(camera);
		return entry != null && entry.bound;
	}

	public int boundCameras() {
		return (int) this.entries.values().stream().filter((entry) -> entry.bound).count();
	}

	private void unbindIfUnused(CameraId camera, Entry entry) {
		synchronized (entry) {
			if (entry.sessions > 0 || entry.removed) {
				return;
			}
			entry.pendingUnbind = null;
			entry.removed = true;
			entry.bound = false;
			this.entries.remove(camera, entry);
			this.latestSeqs.unbound(camera);
			try {
				this.admin.removeBinding(binding(camera));
				logger.info("camera unbound cameraId=" + camera + " queue=" + this.queue.getName());
			}
			catch (RuntimeException ex) {
				// The binding goes with the exclusive queue when the connection is
				// back anyway.
				logger.warn("camera unbind failed cameraId=" + camera + ": " + ex.getMessage());
			}
		}
	}

	private Binding binding(CameraId camera) {
		return new Binding(this.queue.getName(), DestinationType.QUEUE, LabelEventsTopology.EXCHANGE,
				LabelEventsTopology.bindingPattern(camera), null);
	}

	private static final class Entry {

		int sessions;

		boolean bound;

		boolean removed;

		@Nullable ScheduledFuture<?> pendingUnbind;

	}

}
