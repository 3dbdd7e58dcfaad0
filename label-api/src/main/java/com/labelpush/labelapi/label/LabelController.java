package com.labelpush.labelapi.label;

import java.net.URI;
import java.util.UUID;

import com.labelpush.events.CameraId;
import com.labelpush.events.LabelSnapshot;
import com.labelpush.labelapi.web.ValidCameraId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/labels")
class LabelController {

	static final int MAX_PAGE_SIZE = 500;

	private static final Sort CREATION_ORDER = Sort.by("createdAt", "id");

	private final LabelService labels;

	LabelController(LabelService labels) {
		this.labels = labels;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<LabelSnapshot> create(
			@Validated({ Default.class, LabelRequest.OnCreate.class }) @RequestBody LabelRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 255) @Pattern(
					regexp = "[\\x21-\\x7E]+",
					message = "must be printable ASCII without spaces") @Nullable String idempotencyKey) {
		LabelSnapshot label = this.labels.create(request, idempotencyKey);
		return ResponseEntity.created(URI.create("/api/labels/" + label.id()))
			.eTag(IfMatch.etag(label.version()))
			.body(label);
	}

	@GetMapping("/{id}")
	ResponseEntity<LabelSnapshot> get(@PathVariable UUID id) {
		LabelSnapshot label = this.labels.get(id);
		return ResponseEntity.ok().eTag(IfMatch.etag(label.version())).body(label);
	}

	@GetMapping
	LabelPage list(@RequestParam(required = false) @ValidCameraId @Nullable String cameraId,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		CameraId camera = (cameraId != null) ? CameraId.of(cameraId) : null;
		return LabelPage.of(this.labels.list(camera, PageRequest.of(page, size, CREATION_ORDER)));
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<LabelSnapshot> update(@PathVariable UUID id, @Valid @RequestBody LabelRequest request,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		LabelSnapshot label = this.labels.update(id, request, IfMatch.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(IfMatch.etag(label.version())).body(label);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		this.labels.delete(id, IfMatch.expectedVersion(ifMatch));
		return ResponseEntity.noContent().build();
	}

}
