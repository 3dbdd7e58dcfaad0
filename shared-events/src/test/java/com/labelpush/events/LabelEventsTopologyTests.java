package com.labelpush.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LabelEventsTopologyTests {

	private final CameraId camera = CameraId.of("cam-7");

	@Test
	void shouldNameTheExchangeAsTheContractDoes() {
		assertThat(LabelEventsTopology.EXCHANGE).isEqualTo("label.events");
	}

	@Test
	void shouldBuildOneRoutingKeyPerEventType() {
		assertThat(LabelEventsTopology.routingKey(this.camera, EventType.CREATED)).isEqualTo("camera.cam-7.created");
		assertThat(LabelEventsTopology.routingKey(this.camera, EventType.UPDATED)).isEqualTo("camera.cam-7.updated");
		assertThat(LabelEventsTopology.routingKey(this.camera, EventType.DELETED)).isEqualTo("camera.cam-7.deleted");
	}

	@Test
	void shouldBuildABindingPatternMatchingOnlyThatCamera() {
		String pattern = LabelEventsTopology.bindingPattern(this.camera);

		assertThat(pattern).isEqualTo("camera.cam-7.*");
		assertThat(topicMatches(pattern, "camera.cam-7.created")).isTrue();
		assertThat(topicMatches(pattern, "camera.cam-70.created")).isFalse();
		assertThat(topicMatches(pattern, "camera.cam.created")).isFalse();
	}

	@Test
	void shouldReadTheCameraBackFromARoutingKey() {
		assertThat(LabelEventsTopology.cameraIdOf("camera.cam-7.deleted")).contains(this.camera);
	}

	@ParameterizedTest
	@ValueSource(strings = { "camera.cam-7", "camera..created", "camera.a.b.created", "cam.cam-7.created",
			"camera.cam-7.renamed", "camera.cam*.created" })
	void shouldNotReadACameraFromAKeyOutsideTheContract(String routingKey) {
		assertThat(LabelEventsTopology.cameraIdOf(routingKey)).isEmpty();
	}

	// A minimal AMQP topic matcher for single-word wildcards, enough to show the pattern
	// cannot match a neighbouring camera.
	private static boolean topicMatches(String pattern, String key) {
		String[] p = pattern.split("\\.");
		String[] k = key.split("\\.");
		if (p.length != k.length) {
			return false;
		}
		for (int i = 0; i < p.length; i++) {
			if (!p[i].equals("*") && !p[i].equals(k[i])) {
				return false;
			}
		}
		return true;
	}

}
