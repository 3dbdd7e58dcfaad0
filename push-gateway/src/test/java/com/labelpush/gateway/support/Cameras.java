package com.labelpush.gateway.support;

import java.util.UUID;

public final class Cameras {

	private Cameras() {
	}

	/**
	 * A camera id no other test uses, so tests sharing the broker never see each other's
	 * events.
	 * @return a fresh camera id
	 */
	public static String freshCamera() {
		return "gw-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
