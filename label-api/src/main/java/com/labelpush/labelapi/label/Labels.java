package com.labelpush.labelapi.label;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface Labels extends JpaRepository<Label, UUID> {

	Page<Label> findByCameraId(String cameraId, Pageable pageable);

	/**
	 * Loads a label and locks its row until the transaction ends, so concurrent updates
	 * of one label apply one after the other and {@code If-Match} compares against the
	 * committed version.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select l from Label l where l.id = :id")
	Optional<Label> findForUpdate(@Param("id") UUID id);

}
