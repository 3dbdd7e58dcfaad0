package com.labelpush.testsupport;

import java.util.UUID;

/** Camera ids for tests. */
public final class Cameras {

	private Cameras() {
	}

	/**
	 * A camera no other test uses, so tests share a database and a broker without seeing
	 * each other's events.
	 * @return a valid, unused camera id
	 */
	public static String freshCamera() {
		return "cam-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
