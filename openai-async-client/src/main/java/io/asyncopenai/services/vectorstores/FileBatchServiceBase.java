package io.asyncopenai.services.vectorstores;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.Polling;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.models.files.FileObject;
import io.asyncopenai.models.vectorstores.filebatches.FileBatchCreateParams;
import io.asyncopenai.models.vectorstores.filebatches.VectorStoreFileBatch;

/**
 * {@code /vector_stores/{id}/file_batches}: the hand-written part of {@link FileBatchService},
 * which adds the resource's operations.
 */
public abstract class FileBatchServiceBase {

	/** How many files {@link #uploadAndPoll(String, List)} uploads at once, as the official SDKs do. */
	public static final int DEFAULT_MAX_CONCURRENCY = 5;

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected FileBatchServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Creates a batch of files in a vector store.
	 * @param vectorStoreId the vector store
	 * @param params the files
	 * @return the batch, {@code in_progress}
	 */
	public abstract Mono<VectorStoreFileBatch> create(String vectorStoreId, FileBatchCreateParams params);

	/**
	 * Retrieves a batch of files of a vector store.
	 * @param vectorStoreId the vector store
	 * @param batchId the batch
	 * @return the batch
	 */
	public abstract Mono<VectorStoreFileBatch> retrieve(String vectorStoreId, String batchId);

	/**
	 * Waits until a batch of files is indexed ({@code completed}), or {@code failed} or
	 * {@code cancelled}.
	 * @param vectorStoreId the vector store
	 * @param batchId the batch
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all, past which the result is a
	 * {@link io.asyncopenai.errors.PollTimeoutException}
	 * @return the batch in its final state
	 */
	public Mono<VectorStoreFileBatch> poll(String vectorStoreId, String batchId, Duration pollInterval,
			Duration maxWait) {
		return Polling.until(() -> retrieve(vectorStoreId, batchId), VectorStoreFileBatch::status,
				VectorStoreFileServiceBase.FINAL::contains, pollInterval, maxWait,
				"file batch " + batchId + " of vector store " + vectorStoreId);
	}

	/**
	 * Creates a batch of files in a vector store and waits until it is final.
	 * @param vectorStoreId the vector store
	 * @param params the files
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all
	 * @return the batch in its final state
	 */
	public Mono<VectorStoreFileBatch> createAndPoll(String vectorStoreId, FileBatchCreateParams params,
			Duration pollInterval, Duration maxWait) {
		return create(vectorStoreId, params).flatMap((batch) -> poll(vectorStoreId, batch.id(), pollInterval, maxWait));
	}

	/**
	 * Uploads files ({@link #DEFAULT_MAX_CONCURRENCY} at a time), adds them to a vector store as
	 * one batch and waits until they are indexed, looking every
	 * {@link VectorStoreFileServiceBase#DEFAULT_POLL_INTERVAL} for up to
	 * {@link VectorStoreFileServiceBase#DEFAULT_MAX_WAIT}.
	 * @param vectorStoreId the vector store
	 * @param files the files
	 * @return the batch in its final state
	 */
	public Mono<VectorStoreFileBatch> uploadAndPoll(String vectorStoreId, List<UploadFile> files) {
		return uploadAndPoll(vectorStoreId, files, DEFAULT_MAX_CONCURRENCY,
				VectorStoreFileServiceBase.DEFAULT_POLL_INTERVAL, VectorStoreFileServiceBase.DEFAULT_MAX_WAIT);
	}

	/**
	 * Uploads files, at most {@code maxConcurrency} at a time, adds them to a vector store as one
	 * batch and waits until they are indexed. If an upload fails, the others are cancelled and
	 * no batch is created.
	 * @param vectorStoreId the vector store
	 * @param files the files
	 * @param maxConcurrency how many uploads run at once
	 * @param pollInterval the wait between two looks at the batch
	 * @param maxWait how long to wait for the batch, once created
	 * @return the batch in its final state
	 */
	public Mono<VectorStoreFileBatch> uploadAndPoll(String vectorStoreId, List<UploadFile> files, int maxConcurrency,
			Duration pollInterval, Duration maxWait) {
		if (files.isEmpty()) {
			return Mono.error(new IllegalArgumentException("uploadAndPoll needs at least one file"));
		}
		if (maxConcurrency < 1) {
			return Mono.error(new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency));
		}
		return Flux.fromIterable(files)
			.flatMapSequential((file) -> VectorStoreFileServiceBase.upload(this.caller, file), maxConcurrency)
			.map(FileObject::id)
			.collectList()
			.flatMap((fileIds) -> createAndPoll(vectorStoreId, FileBatchCreateParams.builder().fileIds(fileIds).build(),
					pollInterval, maxWait));
	}

}
