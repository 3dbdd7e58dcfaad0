package com.labelpush.compose.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin creating labels on several cameras in turn at a steady pace, as a stream the
 * clients must follow without a gap; counts what label-api accepted and every call it did
 * not answer with 201.
 */
public final class Traffic implements AutoCloseable {

	private final Admin admin;

	private final List<String> cameras;

	private final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger next = new AtomicInteger();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private Traffic(Admin admin, List<String> cameras) {
		this.admin = admin;
		this.cameras = List.copyOf(cameras);
		this.cameras.forEach((camera) -> this.created.put(camera, new AtomicInteger()));
	}

	/**
	 * Starts creating labels.
	 * @param every the pause between two creations
	 */
	public static Traffic start(Admin admin, List<String> cameras, Duration every) {
		Traffic traffic = new Traffic(admin, cameras);
		traffic.timer.scheduleWithFixedDelay(traffic::createOne, 0, every.toMillis(), TimeUnit.MILLISECONDS);
		return traffic;
	}

	private void createOne() {
		int n = this.next.getAndIncrement();
		String camera = this.cameras.get(n % this.cameras.size());
		try {
			this.admin.create(camera, "label " + n);
			this.created.get(camera).incrementAndGet();
		}
		catch (AssertionError | RuntimeException ex) {
			this.failures.add(ex.getMessage());
		}
	}

	/** Labels label-api accepted for the camera so far. */
	public int created(String camera) {
		return this.created.get(camera).get();
	}

	/** Every creation label-api refused or did not answer. */
	public List<String> failures() {
		return List.copyOf(this.failures);
	}

	/** Stops creating; returns once the last creation has finished. */
	@Override
	public void close() throws InterruptedException {
		this.timer.shutdown();
		this.timer.awaitTermination(30, TimeUnit.SECONDS);
	}

}
