package com.labelpush.compose.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Desktop clients, each following a camera of its own through the load balancer. */
public final class Followers implements AutoCloseable {

	/** How long a label may take to arrive while parts of the stack fail and recover. */
	public static final Duration DELIVERY = Duration.ofSeconds(60);

	private final List<Follower> all = new ArrayList<>();

	private Followers() {
	}

	/**
	 * Connects clients one at a time, so that nginx's least_conn sees each new connection
	 * and spreads them over the replicas.
	 * @param count how many
	 * @return the clients, each connected
	 */
	public static Followers connect(ComposeStack stack, Admin admin, int count) {
		Followers followers = new Followers();
		for (int i = 0; i < count; i++) {
			Follower follower = new Follower(stack, admin, "compose-" + UUID.randomUUID().toString().substring(0, 8));
			followers.all.add(follower);
			await().atMost(DELIVERY).until(() -> follower.replica() != null);
		}
		return followers;
	}

	public List<Follower> all() {
		return List.copyOf(this.all);
	}

	public List<Follower> on(String replica) {
		return this.all.stream().filter((follower) -> replica.equals(follower.replica())).toList();
	}

	public List<String> cameras() {
		return this.all.stream().map(Follower::camera).toList();
	}

	/** Waits until every client has applied at least this many events. */
	public void awaitEachHas(int events) {
		await().atMost(DELIVERY)
			.untilAsserted(() -> assertThat(this.all)
				.allSatisfy((follower) -> assertThat(follower.seqs()).hasSizeGreaterThanOrEqualTo(events)));
	}

	/**
	 * Waits until every client has gone past what was created so far, which shows events
	 * flow live again after a failure.
	 */
	public void awaitLiveAgain(Traffic traffic) {
		int created = this.all.stream().mapToInt((follower) -> traffic.created(follower.camera())).max().orElse(0);
		awaitEachHas(created + 2);
	}

	/**
	 * Every label the admin created reached its camera's client exactly once and in
	 * order: no gap, no duplicate; and label-api's history agrees on the count.
	 * @param traffic the stopped traffic
	 */
	public void assertEveryLabelArrivedOnce(Traffic traffic, Admin admin) {
		for (Follower follower : this.all) {
			List<Long> expected = LongStream.rangeClosed(1, traffic.created(follower.camera())).boxed().toList();
			await().atMost(DELIVERY).untilAsserted(() -> assertThat(follower.seqs()).isEqualTo(expected));
			assertThat(admin.latestSeq(follower.camera())).isEqualTo(expected.size());
		}
	}

	/**
	 * Prints what a failure drill showed, for whoever reads the build's output.
	 * @param what what happened
	 * @param startNanos {@link System#nanoTime()} when the failure began
	 * @param traffic the admin's traffic
	 */
	public void report(String what, long startNanos, Traffic traffic) {
		int created = cameras().stream().mapToInt(traffic::created).sum();
		System.out.printf("drill: %s after %d ms (%d labels created so far)%n", what,
				(System.nanoTime() - startNanos) / 1_000_000, created);
	}

	@Override
	public void close() {
		this.all.forEach(Follower::close);
	}

}
