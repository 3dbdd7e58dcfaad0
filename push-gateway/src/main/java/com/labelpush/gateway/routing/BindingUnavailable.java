package com.labelpush.gateway.routing;

import com.labelpush.events.CameraId;

/** A camera's binding was needed and the broker could not be reached. */
public class BindingUnavailable extends RuntimeException {

	BindingUnavailable(CameraId camera, Throwable cause) {
		super("cannot bind camera " + camera + ": broker unavailable (" + cause.getMessage() + ")", cause);
	}

}
