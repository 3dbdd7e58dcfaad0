package com.labelpush.labelapi.history;

import com.labelpush.events.CameraId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The history a client or gateway resumes from after missing events. */
@RestController
class EventHistoryController {

	static final int MAX_LIMIT = 1000;

	private final EventHistory history;

	EventHistoryController(EventHistory history) {
		this.history = history;
	}

	@GetMapping("/api/cameras/{cameraId}/events")
	EventPage events(@PathVariable String cameraId, @RequestParam(defaultValue = "0") @Min(0) long afterSeq,
			@RequestParam(defaultValue = "100") @Min(1) @Max(MAX_LIMIT) int limit) {
		return this.history.after(CameraId.of(cameraId), afterSeq, limit);
	}

}
