package io.asyncopenai.services;

import io.asyncopenai.core.ApiCaller;


/**
 * {@code /chat}: the chat completions API.
 */
public final class ChatService {

	private final ChatCompletionService completions;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	public ChatService(ApiCaller caller) {
		this.completions = new ChatCompletionService(caller);
	}

	/** {@code /chat/completions}. */
	public ChatCompletionService completions() {
		return this.completions;
	}

}
