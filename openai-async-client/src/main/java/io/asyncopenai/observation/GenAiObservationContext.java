package io.asyncopenai.observation;

import java.time.Duration;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one GenAI call knows: what was asked of whom, and, as the answer
 * arrives, the answering model, the request id, the token usage and, for a stream, the time
 * to its first chunk.
 */
public class GenAiObservationContext extends Observation.Context {

	private final String operationName;

	private final String providerName;

	private final @Nullable String requestModel;

	private final String serverAddress;

	private final int serverPort;

	private final String clientName;

	private final boolean streaming;

	private volatile @Nullable String responseModel;

	private volatile @Nullable String requestId;

	private volatile @Nullable Long inputTokens;

	private volatile @Nullable Long outputTokens;

	private volatile @Nullable Duration timeToFirstChunk;

	/**
	 * The context of a call.
	 * @param operationName {@code gen_ai.operation.name}: {@code chat}, {@code embeddings}...
	 * @param providerName {@code gen_ai.provider.name}: {@code openai} or {@code azure.ai.openai}
	 * @param requestModel the model asked for, if any
	 * @param serverAddress the API's host
	 * @param serverPort the API's port
	 * @param clientName the name of the client's transport, such as {@code openai}
	 * @param streaming whether the answer is streamed
	 */
	public GenAiObservationContext(String operationName, String providerName, @Nullable String requestModel,
			String serverAddress, int serverPort, String clientName, boolean streaming) {
		this.operationName = operationName;
		this.providerName = providerName;
		this.requestModel = requestModel;
		this.serverAddress = serverAddress;
		this.serverPort = serverPort;
		this.clientName = clientName;
		this.streaming = streaming;
	}

	/** The operation, as {@code gen_ai.operation.name} says it. */
	public String getOperationName() {
		return this.operationName;
	}

	/** The provider, as {@code gen_ai.provider.name} says it. */
	public String getProviderName() {
		return this.providerName;
	}

	/** The model the request asked for, if it named one. */
	public @Nullable String getRequestModel() {
		return this.requestModel;
	}

	/** The API's host. */
	public String getServerAddress() {
		return this.serverAddress;
	}

	/** The API's port. */
	public int getServerPort() {
		return this.serverPort;
	}

	/** The name of the client's transport ({@code openai}, {@code openai-<name>} for a named client). */
	public String getClientName() {
		return this.clientName;
	}

	/** Whether the answer is streamed. */
	public boolean isStreaming() {
		return this.streaming;
	}

	/** The model that answered, once known. */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	/** The {@code x-request-id} of the last attempt's response, once it arrived. */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

	public void setRequestId(@Nullable String requestId) {
		this.requestId = requestId;
	}

	/** The input (prompt) tokens the answer reported, if it did. */
	public @Nullable Long getInputTokens() {
		return this.inputTokens;
	}

	public void setInputTokens(@Nullable Long inputTokens) {
		this.inputTokens = inputTokens;
	}

	/** The output (completion) tokens the answer reported, if it did. */
	public @Nullable Long getOutputTokens() {
		return this.outputTokens;
	}

	public void setOutputTokens(@Nullable Long outputTokens) {
		this.outputTokens = outputTokens;
	}

	/** For a stream, the time from the call to its first chunk, once it arrived. */
	public @Nullable Duration getTimeToFirstChunk() {
		return this.timeToFirstChunk;
	}

	public void setTimeToFirstChunk(@Nullable Duration timeToFirstChunk) {
		this.timeToFirstChunk = timeToFirstChunk;
	}

}
