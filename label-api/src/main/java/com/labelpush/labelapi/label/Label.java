package com.labelpush.labelapi.label;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.labelpush.events.CameraId;
import com.labelpush.events.LabelSnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * A label as stored. Versions are kept by hand rather than with {@code @Version}: updates
 * lock the row, so the version only serves the client's {@code If-Match} and the event
 * contract, where it starts at 1.
 */
@Entity
@Table(name = "label")
class Label implements Persistable<UUID> {

	@Id
	private UUID id;

	@Column(name = "camera_id", nullable = false, updatable = false)
	private String cameraId;

	@Column(nullable = false)
	private String name;

	@Column(name = "image_url")
	private @Nullable String imageUrl;

	private int x;

	private int y;

	private @Nullable Integer width;

	private @Nullable Integer height;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private Map<String, String> attributes = new HashMap<>();

	private long version;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Transient
	private boolean isNew;

	@SuppressWarnings("NullAway.Init")
	protected Label() {
	}

	Label(UUID id, CameraId cameraId, LabelRequest request, Instant now) {
		this.id = id;
		this.cameraId = cameraId.value();
		this.createdAt = now;
		this.version = 0;
		this.isNew = true;
		apply(request, now);
	}

	/**
	 * Replaces the editable fields and bumps the version.
	 * @param request the new state
	 * @param now when the change happens
	 */
	void apply(LabelRequest request, Instant now) {
		this.name = request.name();
		this.imageUrl = request.imageUrl();
		this.x = request.x();
		this.y = request.y();
		this.width = request.width();
		this.height = request.height();
		this.attributes = new HashMap<>(request.attributesOrEmpty());
		this.updatedAt = now;
		this.version++;
	}

	LabelSnapshot snapshot() {
		return new LabelSnapshot(this.id, CameraId.of(this.cameraId), this.name, this.imageUrl, this.x, this.y,
				this.width, this.height, this.attributes, this.version, this.createdAt, this.updatedAt);
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	CameraId getCameraId() {
		return CameraId.of(this.cameraId);
	}

	long getVersion() {
		return this.version;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostLoad
	@PostPersist
	void markNotNew() {
		this.isNew = false;
	}

}
