package com.labelpush.labelapi.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.labelpush.labelapi.event.EventLog.EventLogged;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Moves committed events from the outbox to RabbitMQ. One thread per process; across
 * replicas a PostgreSQL advisory lock lets one relay publish at a time, so each camera's
 * events leave in seq order. Woken right after every local commit; polls slowly as a
 * safety net (and to pick up commits made by other replicas while it was idle).
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	// When another replica holds the lock it may have looked for work just before our
	// commit; try again shortly instead of waiting for the next poll.
	private static final Duration LOCK_RETRY = Duration.ofMillis(20);

	private final OutboxStore store;

	private final AmqpEventPublisher publisher;

	private final OutboxMetrics metrics;

	private final OutboxProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile boolean running;

	private volatile Thread thread;

	OutboxRelay(OutboxStore store, AmqpEventPublisher publisher, OutboxMetrics metrics, OutboxProperties properties,
			DataSource dataSource, Clock clock) {
		this.store = store;
		this.publisher = publisher;
		this.metrics = metrics;
		this.properties = properties;
		// Plain JDBC transactions: the relay touches no entity, so the JPA transaction
		// manager's per-transaction EntityManager would be pure overhead.
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.clock = clock;
	}

	@TransactionalEventListener
	void onCommitted(EventLogged logged) {
		wakeUp();
	}

	void wakeUp() {
		this.wakeUps.release();
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::run, "outbox-relay");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread current = this.thread;
		if (current != null) {
			current.interrupt();
			try {
				current.join(this.properties.confirmTimeout().plusSeconds(1).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		Duration backoff = this.properties.retryMinBackoff();
		while (this.running) {
			try {
				this.wakeUps.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				this.wakeUps.drainPermits();
				while (this.running) {
					Outcome outcome = relayOneBatch();
					if (outcome == Outcome.FAILED) {
						Thread.sleep(backoff.toMillis());
						backoff = min(backoff.multipliedBy(2), this.properties.retryMaxBackoff());
					}
					else if (outcome == Outcome.LOCKED_ELSEWHERE) {
						Thread.sleep(LOCK_RETRY.toMillis());
					}
					else {
						backoff = this.properties.retryMinBackoff();
						if (outcome == Outcome.DRAINED) {
							break;
						}
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Publishes the oldest pending events, if this relay holds the lock.
	 * @return what happened
	 */
	Outcome relayOneBatch() {
		try {
			Outcome outcome = this.transactions.execute((status) -> {
				if (!this.store.tryLockRelay()) {
					return Outcome.LOCKED_ELSEWHERE;
				}
				List<PendingEvent> batch = this.store.pending(this.properties.batchSize());
				if (batch.isEmpty()) {
					return Outcome.DRAINED;
				}
				this.publisher.publishConfirmed(batch);
				Instant confirmedAt = this.clock.instant();
				this.store.markPublished(batch);
				this.metrics.published(batch, confirmedAt);
				// A short batch held all that was pending when it was read; a commit
				// after that read woke the relay again (wake-ups are drained before the
				// read). No second look, then: it costs three statements per wake-up,
				// most of the relay's database work at moderate rates.
				return (batch.size() < this.properties.batchSize()) ? Outcome.DRAINED : Outcome.PUBLISHED;
			});
			return (outcome != null) ? outcome : Outcome.FAILED;
		}
		catch (RuntimeException ex) {
			// Expected while the broker is down; the batch stays pending and is retried.
			this.metrics.failed();
			logger.warn("outbox batch not published, will retry: " + ex.getMessage());
			return Outcome.FAILED;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	enum Outcome {

		/** A full batch went out; more may be pending. */
		PUBLISHED,

		/** Nothing is pending that this relay has not been woken for. */
		DRAINED,

		LOCKED_ELSEWHERE, FAILED

	}

}
