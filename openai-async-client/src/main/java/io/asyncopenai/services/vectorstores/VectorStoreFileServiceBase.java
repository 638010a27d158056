package io.asyncopenai.services.vectorstores;

import java.time.Duration;
import java.util.Set;

import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.Polling;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.models.files.FileCreateParams;
import io.asyncopenai.models.files.FileObject;
import io.asyncopenai.models.vectorstores.files.VectorStoreFile;
import io.asyncopenai.models.vectorstores.files.VectorStoreFileCreateParams;

import org.springframework.http.HttpMethod;

/**
 * {@code /vector_stores/{id}/files}: the hand-written part of {@link VectorStoreFileService},
 * which adds the resource's operations.
 */
public abstract class VectorStoreFileServiceBase {

	/** The wait between two looks at a file being indexed, as the official SDKs wait. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	/** How long to wait for a file to be indexed. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(30);

	static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected VectorStoreFileServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Attaches a file to a vector store.
	 * @param vectorStoreId the vector store
	 * @param params the file and its attributes
	 * @return the vector store file, {@code in_progress}
	 */
	public abstract Mono<VectorStoreFile> create(String vectorStoreId, VectorStoreFileCreateParams params);

	/**
	 * Retrieves a vector store file.
	 * @param vectorStoreId the vector store
	 * @param fileId the file
	 * @return the vector store file
	 */
	public abstract Mono<VectorStoreFile> retrieve(String vectorStoreId, String fileId);

	/**
	 * Waits until a file of a vector store is indexed ({@code completed}), or {@code failed}
	 * or {@code cancelled}.
	 * @param vectorStoreId the vector store
	 * @param fileId the file
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all, past which the result is a
	 * {@link io.asyncopenai.errors.PollTimeoutException}
	 * @return the vector store file in its final state
	 */
	public Mono<VectorStoreFile> poll(String vectorStoreId, String fileId, Duration pollInterval, Duration maxWait) {
		return Polling.until(() -> retrieve(vectorStoreId, fileId), VectorStoreFile::status, FINAL::contains,
				pollInterval, maxWait, "file " + fileId + " to be indexed in vector store " + vectorStoreId);
	}

	/**
	 * Attaches an uploaded file to a vector store and waits until it is indexed, looking every
	 * {@link #DEFAULT_POLL_INTERVAL} for up to {@link #DEFAULT_MAX_WAIT}.
	 * @param vectorStoreId the vector store
	 * @param fileId the uploaded file
	 * @return the vector store file in its final state
	 */
	public Mono<VectorStoreFile> createAndPoll(String vectorStoreId, String fileId) {
		return createAndPoll(vectorStoreId, VectorStoreFileCreateParams.builder().fileId(fileId).build(),
				DEFAULT_POLL_INTERVAL, DEFAULT_MAX_WAIT);
	}

	/**
	 * Attaches an uploaded file to a vector store and waits until it is indexed.
	 * @param vectorStoreId the vector store
	 * @param params the file and its attributes
	 * @param pollInterval the wait between two looks
	 * @param maxWait how long to wait in all
	 * @return the vector store file in its final state
	 */
	public Mono<VectorStoreFile> createAndPoll(String vectorStoreId, VectorStoreFileCreateParams params,
			Duration pollInterval, Duration maxWait) {
		return create(vectorStoreId, params).flatMap((file) -> poll(vectorStoreId, file.id(), pollInterval, maxWait));
	}

	/**
	 * Uploads a file (purpose {@code assistants}), attaches it to a vector store and waits until
	 * it is indexed, looking every {@link #DEFAULT_POLL_INTERVAL} for up to
	 * {@link #DEFAULT_MAX_WAIT}.
	 * @param vectorStoreId the vector store
	 * @param file the file
	 * @return the vector store file in its final state
	 */
	public Mono<VectorStoreFile> uploadAndPoll(String vectorStoreId, UploadFile file) {
		return upload(this.caller, file)
			.flatMap((uploaded) -> createAndPoll(vectorStoreId,
					VectorStoreFileCreateParams.builder().fileId(uploaded.id()).build(), DEFAULT_POLL_INTERVAL,
					DEFAULT_MAX_WAIT));
	}

	/** Uploads a file for vector stores, as {@code client.files().create(…)} does. */
	static Mono<FileObject> upload(ApiCaller caller, UploadFile file) {
		FileCreateParams params = FileCreateParams.builder().file(file).purpose(FileCreateParams.Purpose.ASSISTANTS).build();
		return caller.executeMultipart(HttpMethod.POST, ApiPath.literal("/files"), params, java.util.Map.of(),
				FileObject.class, RequestOptions.none());
	}

}
