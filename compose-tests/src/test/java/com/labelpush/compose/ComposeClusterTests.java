package com.labelpush.compose;

import java.time.Duration;

import com.labelpush.compose.support.Admin;
import com.labelpush.compose.support.BrokerManagement;
import com.labelpush.compose.support.ComposeStack;
import com.labelpush.compose.support.Followers;
import com.labelpush.compose.support.Traffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack on a three-node RabbitMQ cluster ({@code docker-compose.cluster.yml}): the
 * node a gateway is connected to dies mid-stream, and no client notices.
 */
class ComposeClusterTests {

	private static ComposeStack stack;

	private static Admin admin;

	private static BrokerManagement broker;

	@BeforeAll
	static void startStack() throws Exception {
		stack = ComposeStack.up("labelpush-cluster-test", "docker-compose.yml", "docker-compose.cluster.yml");
		admin = new Admin(stack);
		broker = new BrokerManagement(stack);
	}

	@AfterAll
	static void stopStack() {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void shouldLoseNothingWhenTheBrokerNodeOfAGatewayIsKilled() throws Exception {
		assertThat(broker.runningNodes()).containsExactly("rabbit@rabbitmq", "rabbit@rabbitmq-2", "rabbit@rabbitmq-3");
		try (Followers followers = Followers.connect(stack, admin, 8);
				Traffic traffic = Traffic.start(admin, followers.cameras(), Duration.ofMillis(50))) {
			assertThat(followers.on("push-gateway-1")).as("clients of the gateway whose broker node dies").isNotEmpty();
			String node = broker.nodeOf("push-gateway push-gateway-1").orElseThrow();
			followers.awaitEachHas(2);

			// rabbit@rabbitmq-2 runs in the container of service rabbitmq-2
			System.out.println("killing " + node + ", push-gateway-1's node");
			long start = System.nanoTime();
			stack.kill(node.substring("rabbit@".length()));
			// live again only once the gateways of the dead node have reconnected
			// elsewhere, declared their queues and bindings again, and fetched the gap
			followers.awaitLiveAgain(traffic);
			traffic.close();
			followers.report(node + " killed: every client live again", start, traffic);

			assertThat(traffic.failures()).isEmpty();
			followers.assertEveryLabelArrivedOnce(traffic, admin);
			// the gateways carried their sessions over the broker's failure
			assertThat(followers.all()).allSatisfy((follower) -> {
				assertThat(follower.connections()).hasSize(1);
				assertThat(follower.reloads()).isEqualTo(1);
			});
		}
	}

}
