package io.asyncopenai.services.chat;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionAccumulator;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParamsHelpers;
import io.asyncopenai.models.chat.completions.ParsedChatCompletion;
import io.asyncopenai.models.chat.completions.ParsedChatCompletionStreamEvent;
import io.asyncopenai.structured.JsonSchemas;
import io.asyncopenai.tools.Tool;
import io.asyncopenai.tools.ToolRun;
import io.asyncopenai.tools.ToolRunEvent;
import io.asyncopenai.tools.ToolRunOptions;
import io.asyncopenai.tools.ToolRunner;

/**
 * {@code /chat/completions}: the hand-written part of {@link ChatCompletionService}, which adds
 * the resource's operations.
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
	 * Creates a model response for the given chat conversation.
	 * @param params the request
	 * @param options options of this call
	 * @return the completion
	 */
	public abstract Mono<ChatCompletion> create(ChatCompletionCreateParams params, RequestOptions options);

	/**
	 * Creates a model response for the given chat conversation, streamed.
	 * @param params the request
	 * @param options options of this call
	 * @return the chunks
	 */
	public abstract Flux<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params,
			RequestOptions options);

	/**
	 * Creates a completion whose answer is JSON of a Java type (Structured Outputs) and reads
	 * it into that type. The params ask for the type's strict JSON schema unless they already
	 * ask for a JSON schema ({@code responseFormat(Answer.class)} or one written by hand).
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param <T> the type of the answer
	 * @return each choice's answer or refusal, with the completion; a
	 * {@link io.asyncopenai.errors.StructuredOutputException} if an answer was cut off or does
	 * not fit the type
	 */
	public <T> Mono<ParsedChatCompletion<T>> parse(ChatCompletionCreateParams params, Class<T> type) {
		return parse(params, type, RequestOptions.none());
	}

	/**
	 * Creates a completion whose answer is JSON of a Java type, as
	 * {@link #parse(ChatCompletionCreateParams, Class)} does.
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param options options of this call
	 * @param <T> the type of the answer
	 * @return each choice's answer or refusal, with the completion
	 */
	public <T> Mono<ParsedChatCompletion<T>> parse(ChatCompletionCreateParams params, Class<T> type,
			RequestOptions options) {
		return Mono.fromCallable(() -> askingFor(params, type))
			.flatMap((request) -> create(request, options))
			.map((completion) -> ParsedChatCompletion.of(completion, type, this.caller.mapper()));
	}

	/**
	 * Runs tools for the model until it answers: calls it with the tools, runs every tool
	 * call of a turn concurrently, sends the conversation back with the outputs and repeats,
	 * as {@link ToolRunner} describes, with the default {@link ToolRunOptions}.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @return the final completion and every tool call
	 */
	public Mono<ToolRun<ChatCompletion>> runTools(ChatCompletionCreateParams params, List<? extends Tool<?>> tools) {
		return runTools(params, tools, ToolRunOptions.defaults(), RequestOptions.none());
	}

	/**
	 * Runs tools for the model until it answers, as
	 * {@link #runTools(ChatCompletionCreateParams, List)} does.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @param runOptions the turn limit, concurrency, timeout and failure handling
	 * @param options options of each model call
	 * @return the final completion and every tool call
	 */
	public Mono<ToolRun<ChatCompletion>> runTools(ChatCompletionCreateParams params, List<? extends Tool<?>> tools,
			ToolRunOptions runOptions, RequestOptions options) {
		return Mono.defer(() -> new ToolRunner(tools, runOptions, this.caller.mapper()).runChat(params,
				(request) -> create(request, options)));
	}

	/**
	 * Streams a completion whose answer is JSON of a Java type: every chunk as it arrives (the
	 * content deltas are the JSON being written), then each choice's answer read into the
	 * type when the stream ends.
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param <T> the type of the answer
	 * @return the chunks, then the parsed answers
	 */
	public <T> Flux<ParsedChatCompletionStreamEvent<T>> parseStreaming(ChatCompletionCreateParams params,
			Class<T> type) {
		return parseStreaming(params, type, RequestOptions.none());
	}

	/**
	 * Streams a completion whose answer is JSON of a Java type, as
	 * {@link #parseStreaming(ChatCompletionCreateParams, Class)} does.
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param options options of this call
	 * @param <T> the type of the answer
	 * @return the chunks, then the parsed answers
	 */
	public <T> Flux<ParsedChatCompletionStreamEvent<T>> parseStreaming(ChatCompletionCreateParams params,
			Class<T> type, RequestOptions options) {
		return Flux.defer(() -> {
			ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
			Flux<ParsedChatCompletionStreamEvent<T>> chunks = Mono.fromCallable(() -> askingFor(params, type))
				.flatMapMany((request) -> createStreaming(request, options))
				.map((chunk) -> {
					accumulator.add(chunk);
					return new ParsedChatCompletionStreamEvent.Streamed<>(chunk);
				});
			return chunks.concatWith(Mono.fromCallable(() -> new ParsedChatCompletionStreamEvent.Parsed<>(
					ParsedChatCompletion.of(accumulator.completion(), type, this.caller.mapper()))));
		});
	}

	/**
	 * Runs tools for the model until it answers, streamed: each model call's chunks as they
	 * arrive, the tool calls as they start and finish, then the finished run, as
	 * {@link ToolRunner#streamChat} describes, with the default {@link ToolRunOptions}.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @return the events of the run
	 */
	public Flux<ToolRunEvent<ChatCompletionChunk, ChatCompletion>> runToolsStreaming(ChatCompletionCreateParams params,
			List<? extends Tool<?>> tools) {
		return runToolsStreaming(params, tools, ToolRunOptions.defaults(), RequestOptions.none());
	}

	/**
	 * Runs tools for the model until it answers, streamed, as
	 * {@link #runToolsStreaming(ChatCompletionCreateParams, List)} does.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @param runOptions the turn limit, concurrency, timeout and failure handling
	 * @param options options of each model call
	 * @return the events of the run
	 */
	public Flux<ToolRunEvent<ChatCompletionChunk, ChatCompletion>> runToolsStreaming(ChatCompletionCreateParams params,
			List<? extends Tool<?>> tools, ToolRunOptions runOptions, RequestOptions options) {
		return Flux.defer(() -> new ToolRunner(tools, runOptions, this.caller.mapper()).streamChat(params,
				(request) -> createStreaming(request, options)));
	}

	private static ChatCompletionCreateParams askingFor(ChatCompletionCreateParams params, Class<?> type) {
		if (params.responseFormat() instanceof ChatCompletionCreateParams.ResponseFormat.JsonSchema) {
			return params;
		}
		return params.toBuilder()
			.responseFormat(ChatCompletionCreateParamsHelpers.jsonSchemaFormat(JsonSchemas.strict(type)))
			.build();
	}

}
