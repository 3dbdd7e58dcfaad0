package com.labelpush.gateway;

/** Whether this instance takes new sessions; false once it starts shutting down. */
public class GatewayState {

	private volatile boolean accepting = true;

	public boolean isAccepting() {
		return this.accepting;
	}

	public void stopAccepting() {
		this.accepting = false;
	}

}
