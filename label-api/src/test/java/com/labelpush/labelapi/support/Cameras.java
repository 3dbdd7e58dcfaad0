package com.labelpush.labelapi.support;

import java.util.UUID;

public final class Cameras {

	private Cameras() {
	}

	/**
	 * A camera id no other test uses, so tests sharing the database and broker never see
	 * each other's events.
	 * @return a fresh camera id
	 */
	public static String freshCamera() {
		return "cam-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
