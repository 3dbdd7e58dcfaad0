package com.labelpush.labelapi.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers the result of each request made with an {@code Idempotency-Key}, so a client
 * retrying after a lost response gets the first result instead of a duplicate.
 */
@Component
public class IdempotencyKeys {

	private final JdbcClient jdbc;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Claims a key inside the caller's transaction. When a concurrent request holds the
	 * same key, this waits for it to commit and then returns its result.
	 * @param key the client's key
	 * @param requestHash a fingerprint of the request body
	 * @return empty when the key is new (the caller does the work and then calls
	 * {@link #complete}); otherwise the first request's stored response
	 * @throws IdempotencyKeyReused when the key was used for a different request
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<String> claim(String key, String requestHash) {
		int inserted = this.jdbc.sql("""
				INSERT INTO idempotency_key (key, request_hash, created_at) VALUES (:key, :hash, :now)
				ON CONFLICT (key) DO NOTHING
				""")
			.param("key", key)
			.param("hash", requestHash)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		if (inserted == 1) {
			return Optional.empty();
		}
		StoredResult first = this.jdbc.sql("SELECT request_hash, response FROM idempotency_key WHERE key = :key")
			.param("key", key)
			.query((rs, row) -> new StoredResult(rs.getString(1), rs.getString(2)))
			.single();
		if (!first.requestHash().equals(requestHash) || first.response() == null) {
			throw new IdempotencyKeyReused(key);
		}
		return Optional.of(first.response());
	}

	/**
	 * Stores the result of the request that claimed the key.
	 * @param key the claimed key
	 * @param labelId the label the request created
	 * @param response the response body returned to the client
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void complete(String key, UUID labelId, String response) {
		this.jdbc.sql("UPDATE idempotency_key SET label_id = :labelId, response = :response WHERE key = :key")
			.param("labelId", labelId)
			.param("response", response)
			.param("key", key)
			.update();
	}

	/**
	 * Forgets keys claimed before a point in time.
	 * @param before the cut-off
	 * @return how many keys were removed
	 */
	public int forgetClaimedBefore(Instant before) {
		return this.jdbc.sql("DELETE FROM idempotency_key WHERE created_at < :before")
			.param("before", Timestamp.from(before))
			.update();
	}

	private record StoredResult(String requestHash, String response) {
	}

}
