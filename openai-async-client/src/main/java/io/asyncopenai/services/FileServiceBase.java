package io.asyncopenai.services;

import java.time.Duration;
import java.util.Set;

import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.Polling;
import io.asyncopenai.models.files.FileObject;

/**
 * {@code /files}: the hand-written part of {@link FileService}, which adds the resource's
 * operations.
 */
public abstract class FileServiceBase {

	/** The wait between two looks at a file being processed, as the official SDKs wait. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

	/** How long to wait for a file to be processed, as the official SDKs wait. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(30);

	private static final Set<String> FINAL = Set.of(FileObject.Status.PROCESSED, FileObject.Status.ERROR, "deleted");

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected FileServiceBase(ApiCaller caller) {
	}

	/**
	 * Returns information about a file.
	 * @param fileId the file
	 * @return the file
	 */
	public abstract Mono<FileObject> retrieve(String fileId);

	/**
	 * Waits until a file is processed (or failed, or deleted), looking every
	 * {@link #DEFAULT_POLL_INTERVAL} for up to {@link #DEFAULT_MAX_WAIT}.
	 * @param fileId the file
	 * @return the file in its final state
	 */
	public Mono<FileObject> waitForProcessing(String fileId) {
		return waitForProcessing(fileId, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_WAIT);
	}

	/**
	 * Waits until a file is processed (or failed, or deleted).
	 * @param fileId the file
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all, past which the result is a
	 * {@link io.asyncopenai.errors.PollTimeoutException}
	 * @return the file in its final state
	 */
	public Mono<FileObject> waitForProcessing(String fileId, Duration pollInterval, Duration maxWait) {
		return Polling.until(() -> retrieve(fileId), FileObject::status, FINAL::contains, pollInterval, maxWait,
				"file " + fileId + " to be processed");
	}

}
