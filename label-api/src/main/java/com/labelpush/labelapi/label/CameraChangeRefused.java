package com.labelpush.labelapi.label;

import java.util.UUID;

import com.labelpush.events.CameraId;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An update tried to move a label to another camera. Each camera has its own event
 * sequence, so a move is a delete on one camera and a create on the other.
 */
class CameraChangeRefused extends ErrorResponseException {

	CameraChangeRefused(UUID id, CameraId current, String requested) {
		super(HttpStatus.CONFLICT, problem(id, current, requested), null);
	}

	private static ProblemDetail problem(UUID id, CameraId current, String requested) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Label " + id + " belongs to camera " + current + " and cannot move to " + requested
						+ "; delete it and create it on the other camera");
		problem.setTitle("Camera change refused");
		return problem;
	}

}
