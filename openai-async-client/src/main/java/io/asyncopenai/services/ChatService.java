package io.asyncopenai.services;

import io.asyncopenai.http.RequestExecutor;

/**
 * {@code /chat}: the chat completions API.
 */
public final class ChatService {

	private final ChatCompletionService completions;

	public ChatService(RequestExecutor executor) {
		this.completions = new ChatCompletionService(executor);
	}

	/** {@code /chat/completions}. */
	public ChatCompletionService completions() {
		return this.completions;
	}

}
