package io.asyncopenai.services.chat;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;

import org.springframework.http.HttpMethod;

/**
 * {@code /chat/completions}: create a chat completion, whole or streamed.
 * <p>The hand-written part of {@link ChatCompletionService}: the generated class adds the resource's other
 * operations and sub-resources.
 */
public abstract class ChatCompletionServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected ChatCompletionServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Creates a chat completion and waits for it whole.
	 * @param params the request
	 * @return the completion
	 */
	public Mono<ChatCompletion> create(ChatCompletionCreateParams params) {
		return create(params, RequestOptions.none());
	}

	public Mono<ChatCompletion> create(ChatCompletionCreateParams params, RequestOptions options) {
		return this.caller.execute(HttpMethod.POST, ApiPath.literal("/chat/completions"), params, ChatCompletion.class,
				options);
	}

	/**
	 * Creates a chat completion and streams its chunks as they are generated.
	 * @param params the request
	 * @return the chunks, until {@code [DONE]}
	 */
	public Flux<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params) {
		return createStreaming(params, RequestOptions.none());
	}

	public Flux<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params, RequestOptions options) {
		return this.caller.stream(HttpMethod.POST, ApiPath.literal("/chat/completions"), params,
				ChatCompletionChunk.class, options);
	}

}
