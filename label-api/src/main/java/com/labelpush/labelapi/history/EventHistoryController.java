package com.labelpush.labelapi.history;

import java.util.List;

import com.labelpush.events.CameraId;
import com.labelpush.labelapi.web.ValidCameraId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The history a client or gateway resumes from after missing events. */
@RestController
class EventHistoryController {

	static final int MAX_LIMIT = 1000;

	// 50 ids of 64 characters keep the request line far below the 8 KB a server takes
	static final int MAX_CAMERAS = 50;

	private final EventHistory history;

	EventHistoryController(EventHistory history) {
		this.history = history;
	}

	/**
	 * The latest seq of several cameras at once, as a gateway asks when many sessions of
	 * cameras it does not follow yet open together (after another gateway failed).
	 * @param cameraIds the cameras, each at most once
	 * @return each camera's latest seq, 0 for a camera without events
	 */
	@GetMapping("/api/cameras/latest-seqs")
	LatestSeqs latestSeqs(
			@RequestParam("cameraId") @Size(min = 1, max = MAX_CAMERAS) List<@ValidCameraId String> cameraIds) {
		return new LatestSeqs(this.history.latestSeqs(cameraIds.stream().distinct().map(CameraId::of).toList()));
	}

	@GetMapping("/api/cameras/{cameraId}/events")
	EventPage events(@PathVariable String cameraId, @RequestParam(defaultValue = "0") @Min(0) long afterSeq,
			@RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit) {
		return this.history.after(CameraId.of(cameraId), afterSeq, limit);
	}

}
