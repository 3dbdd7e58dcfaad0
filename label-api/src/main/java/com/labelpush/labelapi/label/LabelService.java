package com.labelpush.labelapi.label;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import com.labelpush.events.CameraId;
import com.labelpush.events.EventType;
import com.labelpush.events.LabelSnapshot;
import com.labelpush.labelapi.event.EventLog;
import com.labelpush.labelapi.idempotency.IdempotencyKeys;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change to a label, each in one transaction with the event that announces it.
 */
@Service
class LabelService {

	private final Labels labels;

	private final EventLog eventLog;

	private final IdempotencyKeys idempotencyKeys;

	private final JsonMapper json;

	private final JsonMapper canonicalJson;

	private final Clock clock;

	LabelService(Labels labels, EventLog eventLog, IdempotencyKeys idempotencyKeys, JsonMapper json, Clock clock) {
		this.labels = labels;
		this.eventLog = eventLog;
		this.idempotencyKeys = idempotencyKeys;
		this.json = json;
		this.canonicalJson = json.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
		this.clock = clock;
	}

	@Transactional
	LabelSnapshot create(LabelRequest request, @Nullable String idempotencyKey) {
		if (idempotencyKey != null) {
			Optional<String> first = this.idempotencyKeys.claim(idempotencyKey, fingerprint(request));
			if (first.isPresent()) {
				return this.json.readValue(first.get(), LabelSnapshot.class);
			}
		}
		Instant now = now();
		Label label = this.labels.save(new Label(UUID.randomUUID(), CameraId.of(request.cameraId()), request, now));
		LabelSnapshot created = label.snapshot();
		this.eventLog.append(EventType.CREATED, created, now);
		if (idempotencyKey != null) {
			this.idempotencyKeys.complete(idempotencyKey, created.id(), this.json.writeValueAsString(created));
		}
		return created;
	}

	@Transactional(readOnly = true)
	LabelSnapshot get(UUID id) {
		return this.labels.findById(id).map(Label::snapshot).orElseThrow(() -> new LabelNotFound(id));
	}

	@Transactional(readOnly = true)
	Page<Label> list(@Nullable CameraId cameraId, Pageable pageable) {
		return (cameraId != null) ? this.labels.findByCameraId(cameraId.value(), pageable)
				: this.labels.findAll(pageable);
	}

	@Transactional
	LabelSnapshot update(UUID id, LabelRequest request, OptionalLong expectedVersion) {
		Label label = lockCurrent(id, expectedVersion);
		if (request.cameraId() != null && !label.getCameraId().value().equals(request.cameraId())) {
			throw new CameraChangeRefused(id, label.getCameraId(), request.cameraId());
		}
		Instant now = now();
		label.apply(request, now);
		LabelSnapshot updated = label.snapshot();
		this.eventLog.append(EventType.UPDATED, updated, now);
		return updated;
	}

	@Transactional
	void delete(UUID id, OptionalLong expectedVersion) {
		Label label = lockCurrent(id, expectedVersion);
		this.labels.delete(label);
		this.eventLog.append(EventType.DELETED, label.snapshot(), now());
	}

	private Label lockCurrent(UUID id, OptionalLong expectedVersion) {
		Label label = this.labels.findForUpdate(id).orElseThrow(() -> new LabelNotFound(id));
		if (expectedVersion.isPresent() && expectedVersion.getAsLong() != label.getVersion()) {
			throw new StaleLabelVersion(id, expectedVersion.getAsLong(), label.getVersion());
		}
		return label;
	}

	// Millisecond precision: what the JSON carries is exactly what PostgreSQL stores.
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private String fingerprint(LabelRequest request) {
		try {
			byte[] canonical = this.canonicalJson.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
