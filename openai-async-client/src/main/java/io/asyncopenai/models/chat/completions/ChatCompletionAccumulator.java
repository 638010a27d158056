package io.asyncopenai.models.chat.completions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Gathers the chunks of a streamed chat completion into the completion the same request
 * would have answered whole: each choice's content, refusal and tool calls joined from their
 * deltas, its finish reason, and the usage of the last chunk. Not thread-safe: one per stream,
 * fed in order.
 */
public final class ChatCompletionAccumulator {

	private final Map<Integer, ChoiceSoFar> choices = new TreeMap<>();

	private @Nullable ChatCompletionChunk first;

	private @Nullable CompletionUsage usage;

	/**
	 * Adds the next chunk.
	 * @param chunk the chunk
	 * @return this accumulator
	 */
	public ChatCompletionAccumulator add(ChatCompletionChunk chunk) {
		if (this.first == null) {
			this.first = chunk;
		}
		if (chunk.usage() != null) {
			this.usage = chunk.usage();
		}
		for (ChatCompletionChunk.Choice choice : chunk.choices()) {
			this.choices.computeIfAbsent(choice.index().intValue(), (index) -> new ChoiceSoFar()).add(choice);
		}
		return this;
	}

	/**
	 * The completion so far; whole once the stream has ended.
	 * @return the completion
	 * @throws IllegalStateException if no chunk was added
	 */
	public ChatCompletion completion() {
		ChatCompletionChunk chunk = this.first;
		if (chunk == null) {
			throw new IllegalStateException("No chunk was added: there is no completion yet");
		}
		List<ChatCompletion.Choice> done = new ArrayList<>(this.choices.size());
		this.choices.forEach((index, choice) -> done.add(choice.choice(index)));
		return ChatCompletion.builder()
			.id(chunk.id())
			.created(chunk.created())
			.model(chunk.model())
			.serviceTier(chunk.serviceTier())
			.choices(done)
			.usage(this.usage)
			.build();
	}

	/** One choice's deltas so far. */
	private static final class ChoiceSoFar {

		private @Nullable StringBuilder content;

		private @Nullable StringBuilder refusal;

		private @Nullable String finishReason;

		private final Map<Integer, ToolCallSoFar> toolCalls = new TreeMap<>();

		void add(ChatCompletionChunk.Choice choice) {
			ChatCompletionStreamResponseDelta delta = choice.delta();
			if (delta != null) {
				this.content = append(this.content, delta.content());
				this.refusal = append(this.refusal, delta.refusal());
				if (delta.toolCalls() != null) {
					for (ChatCompletionMessageToolCallChunk call : delta.toolCalls()) {
						this.toolCalls.computeIfAbsent(call.index().intValue(), (index) -> new ToolCallSoFar()).add(call);
					}
				}
			}
			if (choice.finishReason() != null) {
				this.finishReason = choice.finishReason();
			}
		}

		ChatCompletion.Choice choice(int index) {
			List<ChatCompletionMessageToolCalls.ChatCompletionMessageToolCall> calls = null;
			if (!this.toolCalls.isEmpty()) {
				calls = new ArrayList<>(this.toolCalls.size());
				for (ToolCallSoFar call : this.toolCalls.values()) {
					calls.add(ChatCompletionMessageToolCalls.ChatCompletionMessageToolCall.of(call.toolCall()));
				}
			}
			ChatCompletionMessage message = ChatCompletionMessage.builder()
				.role("assistant")
				.content((this.content != null) ? this.content.toString() : null)
				.refusal((this.refusal != null) ? this.refusal.toString() : null)
				.toolCalls(calls)
				.build();
			// A stream cut before its last chunk has no finish reason: the choice says so with null.
			return new ChatCompletion.Choice(this.finishReason, (long) index, message, null, null);
		}

		private static @Nullable StringBuilder append(@Nullable StringBuilder text, @Nullable String delta) {
			if (delta == null) {
				return text;
			}
			return ((text != null) ? text : new StringBuilder()).append(delta);
		}

	}

	/** One tool call's deltas so far: the id and name come first, the arguments in pieces. */
	private static final class ToolCallSoFar {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		void add(ChatCompletionMessageToolCallChunk call) {
			if (call.id() != null) {
				this.id = call.id();
			}
			if (call.function() != null) {
				if (call.function().name() != null) {
					this.name = call.function().name();
				}
				if (call.function().arguments() != null) {
					this.arguments.append(call.function().arguments());
				}
			}
		}

		ChatCompletionMessageToolCall toolCall() {
			return ChatCompletionMessageToolCall.builder()
				.id((this.id != null) ? this.id : "")
				.function(ChatCompletionMessageToolCall.Function.builder()
					.name((this.name != null) ? this.name : "")
					.arguments(this.arguments.toString())
					.build())
				.build();
		}

	}

}
