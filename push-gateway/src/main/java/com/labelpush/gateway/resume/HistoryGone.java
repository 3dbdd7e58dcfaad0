package com.labelpush.gateway.resume;

/** label-api no longer keeps the requested range (410): the client must reload. */
public class HistoryGone extends RuntimeException {

	HistoryGone(String cameraId, long afterSeq) {
		super("history of camera " + cameraId + " after seq " + afterSeq + " is no longer kept");
	}

}
