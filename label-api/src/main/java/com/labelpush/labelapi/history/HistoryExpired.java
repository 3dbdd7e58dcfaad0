package com.labelpush.labelapi.history;

import com.labelpush.events.CameraId;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The events after the requested seq are no longer kept; the client must reload the full
 * list of labels instead of resuming.
 */
class HistoryExpired extends ErrorResponseException {

	HistoryExpired(CameraId cameraId, long afterSeq, long oldestKept, long latestSeq) {
		super(HttpStatus.GONE, problem(cameraId, afterSeq, oldestKept, latestSeq), null);
	}

	private static ProblemDetail problem(CameraId cameraId, long afterSeq, long oldestKept, long latestSeq) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, "Events of camera " + cameraId
				+ " after seq " + afterSeq + " are no longer kept; reload GET /api/labels?cameraId=" + cameraId);
		problem.setTitle("History expired");
		problem.setProperty("cameraId", cameraId.value());
		problem.setProperty("oldestSeq", oldestKept);
		problem.setProperty("latestSeq", latestSeq);
		return problem;
	}

}
