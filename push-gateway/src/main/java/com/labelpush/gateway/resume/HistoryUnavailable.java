package com.labelpush.gateway.resume;

/** label-api's history could not be read (down, slow, or answering errors). */
public class HistoryUnavailable extends RuntimeException {

	HistoryUnavailable(String message) {
		super(message);
	}

	HistoryUnavailable(String message, Throwable cause) {
		super(message, cause);
	}

}
