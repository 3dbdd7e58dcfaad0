package com.labelpush.gateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayMetrics;
import com.labelpush.gateway.GatewayProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

/**
 * The sessions connected to this instance, by camera. Lives in this bean, not in a static
 * map; an event for a camera reaches exactly the sessions registered here for it.
 */
@Component
public class CameraSessions implements DisposableBean {

	private static final long TICK_MILLIS = 1000;

	// Lanes are tracked in a long bit set.
	private static final int MAX_LANES = 64;

	private final Map<CameraId, Set<ClientSession>> byCamera = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	private final SessionLimits limits;

	private final GatewayMetrics metrics;

	private final ExecutorService closer;

	private final ExecutorService[] lanes;

	private final AtomicInteger nextLane = new AtomicInteger();

	private final ScheduledFuture<?> ticks;

	CameraSessions(GatewayProperties properties, GatewayMetrics metrics, ScheduledExecutorService gatewayScheduler) {
		this.limits = SessionLimits.of(properties);
		this.metrics = metrics;
		this.closer = Executors.newFixedThreadPool(4, daemon("ws-closer-"));
		this.lanes = new ExecutorService[Math.min(MAX_LANES, Runtime.getRuntime().availableProcessors())];
		for (int i = 0; i < this.lanes.length; i++) {
			this.lanes[i] = Executors.newSingleThreadExecutor(daemon("fan-out-" + i + "-"));
		}
		this.ticks = gatewayScheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS,
				TimeUnit.MILLISECONDS);
		metrics.gauge("gateway.sessions.open", "WebSocket sessions open on this instance", this.open::get);
	}

	/**
	 * Registers a new session. From now on it collects its camera's events; it writes
	 * nothing until {@link ClientSession#startWriting} gives it hello (and any history).
	 * @param socket the WebSocket session
	 * @param camera the camera it watches
	 * @param accessExpiresAtMillis when its client token stops keeping it open (epoch
	 * milliseconds)
	 * @param onEnded called once when the session ends, whoever closed it
	 * @param onGap called with the session and its last seq when events are missing; the
	 * session holds later ones until it is given them
	 * @return the registered session
	 */
	public ClientSession register(StandardWebSocketSession socket, CameraId camera, long accessExpiresAtMillis,
			Consumer<ClientSession> onEnded, BiConsumer<ClientSession, Long> onGap) {
		int lane = Math.floorMod(this.nextLane.getAndIncrement(), this.lanes.length);
		ClientSession session = new ClientSession(socket, camera, accessExpiresAtMillis, lane, this.limits, this.closer,
				this.metrics, (ended) -> {
					if (unregister(ended)) {
						onEnded.accept(ended);
					}
				}, onGap);
		this.byCamera.compute(camera, (key, sessions) -> {
			Set<ClientSession> set = (sessions != null) ? sessions : ConcurrentHashMap.newKeySet();
			set.add(session);
			return set;
		});
		this.open.incrementAndGet();
		return session;
	}

	/**
	 * Forgets a session.
	 * @param session the session, closed or closing
	 * @return whether it was registered (so the caller releases its camera exactly once)
	 */
	private boolean unregister(ClientSession session) {
		boolean[] removed = new boolean[1];
		this.byCamera.computeIfPresent(session.camera(), (key, sessions) -> {
			removed[0] = sessions.remove(session);
			return sessions.isEmpty() ? null : sessions;
		});
		if (removed[0]) {
			this.open.decrementAndGet();
		}
		return removed[0];
	}

	/**
	 * Queues an event frame for every local session of its camera. Never blocks on a
	 * socket.
	 * @param camera the camera
	 * @param frame the event JSON as received
	 * @param occurredAtMillis the event's commit time
	 * @param seq the event's seq
	 * @return how many sessions it was queued for
	 */
	public int deliver(CameraId camera, TextMessage frame, long occurredAtMillis, long seq) {
		Set<ClientSession> sessions = this.byCamera.get(camera);
		if (sessions == null) {
			return 0;
		}
		// Every core writes a share. A session always belongs to the same lane (one
		// thread) and its events reach it only through that lane, so they keep their
		// order whatever the camera's size; only the lanes holding some of the camera's
		// sessions get a task.
		int count = 0;
		long lanesUsed = 0;
		for (ClientSession session : sessions) {
			lanesUsed |= 1L << session.lane();
			count++;
		}
		for (int lane = 0; lane < this.lanes.length; lane++) {
			if ((lanesUsed & (1L << lane)) != 0) {
				int mine = lane;
				this.lanes[lane].execute(() -> sessions.forEach((session) -> {
					if (session.lane() == mine) {
						session.sendEvent(frame, occurredAtMillis, seq);
					}
				}));
			}
		}
		return count;
	}

	/**
	 * Asks every session to fetch what it may have missed, each on its own lane so it
	 * cannot race with the events being delivered to it; as after a broker reconnect,
	 * when events published while the queue was gone never arrived.
	 */
	public void catchUpAll() {
		for (Set<ClientSession> sessions : this.byCamera.values()) {
			for (ClientSession session : sessions) {
				this.lanes[session.lane()].execute(session::catchUp);
			}
		}
	}

	/**
	 * A snapshot of every open session.
	 * @return the sessions
	 */
	public List<ClientSession> all() {
		List<ClientSession> all = new ArrayList<>();
		this.byCamera.values().forEach(all::addAll);
		return all;
	}

	public int openSessions() {
		return this.open.get();
	}

	private void tick() {
		long now = System.nanoTime();
		long nowMillis = System.currentTimeMillis();
		for (Set<ClientSession> sessions : this.byCamera.values()) {
			for (ClientSession session : sessions) {
				session.tick(now, nowMillis);
			}
		}
	}

	@Override
	public void destroy() {
		this.ticks.cancel(false);
		this.closer.shutdown();
		for (ExecutorService lane : this.lanes) {
			lane.shutdownNow();
		}
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
