package com.labelpush.compose;

import java.time.Duration;
import java.util.List;

import com.labelpush.compose.support.Admin;
import com.labelpush.compose.support.ComposeStack;
import com.labelpush.compose.support.Follower;
import com.labelpush.compose.support.Followers;
import com.labelpush.compose.support.Traffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static com.labelpush.compose.support.Followers.DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' stack ({@code docker-compose.yml}) built and run: clients connect
 * through nginx, as desktops do, and must see every label the admin creates while
 * RabbitMQ restarts and while a gateway replica is killed. The replica is killed last:
 * the stack then runs on one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackTests {

	private static final Duration PACE = Duration.ofMillis(50);

	private static ComposeStack stack;

	private static Admin admin;

	@BeforeAll
	static void startStack() throws Exception {
		stack = ComposeStack.up("labelpush-compose-test", "docker-compose.yml");
		admin = new Admin(stack);
	}

	@AfterAll
	static void stopStack() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	@Order(1)
	void shouldDeliverLabelsThroughTheLoadBalancerToClientsOfBothReplicas() {
		try (Followers followers = Followers.connect(stack, admin, 6)) {
			assertThat(followers.on("push-gateway-1")).as("clients nginx sent to replica 1").isNotEmpty();
			assertThat(followers.on("push-gateway-2")).as("clients nginx sent to replica 2").isNotEmpty();

			for (Follower follower : followers.all()) {
				for (int i = 0; i < 3; i++) {
					admin.create(follower.camera(), "door " + i);
				}
			}

			for (Follower follower : followers.all()) {
				await().atMost(DELIVERY).untilAsserted(() -> assertThat(follower.seqs()).containsExactly(1L, 2L, 3L));
			}
		}
	}

	@Test
	@Order(2)
	void shouldLoseNothingWhileRabbitMqRestarts() throws Exception {
		try (Followers followers = Followers.connect(stack, admin, 6);
				Traffic traffic = Traffic.start(admin, followers.cameras(), PACE)) {
			followers.awaitEachHas(2);

			long start = System.nanoTime();
			stack.restart("rabbitmq");
			stack.awaitHealthy();
			followers.awaitLiveAgain(traffic);
			traffic.close();
			followers.report("RabbitMQ restarted: every client live again", start, traffic);

			// label-api took every write while the broker was away
			assertThat(traffic.failures()).isEmpty();
			followers.assertEveryLabelArrivedOnce(traffic, admin);
			// the gateways kept their sessions: one connection, one snapshot each
			assertThat(followers.all()).allSatisfy((follower) -> {
				assertThat(follower.connections()).hasSize(1);
				assertThat(follower.reloads()).isEqualTo(1);
			});
		}
	}

	@Test
	@Order(3)
	void shouldResumeTheClientsOfAKilledReplicaOnTheOtherWithoutLosingALabel() throws Exception {
		try (Followers followers = Followers.connect(stack, admin, 8);
				Traffic traffic = Traffic.start(admin, followers.cameras(), PACE)) {
			List<Follower> moved = followers.on("push-gateway-1");
			assertThat(moved).as("clients on the replica about to die").isNotEmpty();
			followers.awaitEachHas(2);

			long start = System.nanoTime();
			stack.kill("push-gateway-1");
			await().atMost(DELIVERY)
				.untilAsserted(() -> assertThat(moved).allSatisfy((follower) -> assertThat(follower.connections())
					.as("back through nginx on the other replica, resumed from the last seq")
					.endsWith("push-gateway-2 resumed")));
			followers.report("push-gateway-1 killed: its " + moved.size() + " clients resumed on push-gateway-2", start,
					traffic);
			followers.awaitLiveAgain(traffic);
			traffic.close();

			assertThat(traffic.failures()).isEmpty();
			followers.assertEveryLabelArrivedOnce(traffic, admin);
			// resumed, never reloaded: no client fetched its whole list again
			assertThat(followers.all()).allSatisfy((follower) -> assertThat(follower.reloads()).isEqualTo(1));
		}
	}

}
