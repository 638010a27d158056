package io.asyncopenai.services;

import java.time.Duration;
import java.util.Set;

import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.Polling;
import io.asyncopenai.models.batches.Batch;
import io.asyncopenai.models.batches.BatchCreateParams;

/**
 * {@code /batches}: the hand-written part of {@link BatchService}, which adds the resource's
 * operations.
 */
public abstract class BatchServiceBase {

	/** The wait between two looks at a batch. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

	/** How long to wait for a batch: its 24 hour completion window and an hour to finalize. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(25);

	private static final Set<String> FINAL = Set.of(Batch.Status.COMPLETED, Batch.Status.FAILED, Batch.Status.EXPIRED,
			Batch.Status.CANCELLED);

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected BatchServiceBase(ApiCaller caller) {
	}

	/**
	 * Creates a batch.
	 * @param params the batch
	 * @return the batch, {@code validating}
	 */
	public abstract Mono<Batch> create(BatchCreateParams params);

	/**
	 * Retrieves a batch.
	 * @param batchId the batch
	 * @return the batch
	 */
	public abstract Mono<Batch> retrieve(String batchId);

	/**
	 * Waits until a batch is {@code completed}, {@code failed}, {@code expired} or
	 * {@code cancelled}, looking every {@link #DEFAULT_POLL_INTERVAL} for up to
	 * {@link #DEFAULT_MAX_WAIT}.
	 * @param batchId the batch
	 * @return the batch in its final state
	 */
	public Mono<Batch> poll(String batchId) {
		return poll(batchId, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_WAIT);
	}

	/**
	 * Waits until a batch is {@code completed}, {@code failed}, {@code expired} or
	 * {@code cancelled}.
	 * @param batchId the batch
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all, past which the result is a
	 * {@link io.asyncopenai.errors.PollTimeoutException}
	 * @return the batch in its final state
	 */
	public Mono<Batch> poll(String batchId, Duration pollInterval, Duration maxWait) {
		return Polling.until(() -> retrieve(batchId), Batch::status, FINAL::contains, pollInterval, maxWait,
				"batch " + batchId);
	}

	/**
	 * Creates a batch and waits until it is final.
	 * @param params the batch
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all
	 * @return the batch in its final state
	 */
	public Mono<Batch> createAndPoll(BatchCreateParams params, Duration pollInterval, Duration maxWait) {
		return create(params).flatMap((batch) -> poll(batch.id(), pollInterval, maxWait));
	}

}
