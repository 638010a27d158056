package io.asyncopenai.models.chat.completions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import org.jspecify.annotations.Nullable;

import io.asyncopenai.core.OpenAIJson;

/**
 * The body of {@code POST /chat/completions}. Build it with {@link #builder()}; fields left
 * unset are not sent. {@code stream} is set by the client's {@code createStreaming}.
 *
 * @param model the model, for example {@code gpt-4o}
 * @param messages the conversation so far
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling mass
 * @param maxCompletionTokens the most tokens to generate
 * @param n how many answers to generate
 * @param stop sequences that stop generation
 * @param seed a seed for best-effort determinism
 * @param user an identifier of the end user
 * @param tools tools the model may call
 * @param toolChoice {@code none}, {@code auto}, {@code required} or a named function
 * @param parallelToolCalls whether the model may call several tools at once
 * @param responseFormat the format of the answer
 * @param streamOptions options of a streamed answer
 * @param logprobs whether to return log probabilities
 * @param topLogprobs how many most likely tokens to return per position
 * @param metadata key-value pairs stored with the completion
 * @param store whether to store the completion
 * @param reasoningEffort {@code minimal}, {@code low}, {@code medium} or {@code high}, for
 * reasoning models
 * @param frequencyPenalty penalty for frequent tokens, -2 to 2
 * @param presencePenalty penalty for present tokens, -2 to 2
 * @param serviceTier the processing tier
 * @param extraBody fields the API accepts that this type does not model
 */
public record ChatCompletionCreateParams(String model, List<ChatCompletionMessageParam> messages,
		@Nullable Double temperature, @Nullable Double topP, @Nullable Integer maxCompletionTokens,
		@Nullable Integer n, @Nullable List<String> stop, @Nullable Long seed, @Nullable String user,
		@Nullable List<ChatCompletionTool> tools, @Nullable Object toolChoice, @Nullable Boolean parallelToolCalls,
		@Nullable ResponseFormat responseFormat, @Nullable StreamOptions streamOptions, @Nullable Boolean logprobs,
		@Nullable Integer topLogprobs, @Nullable Map<String, String> metadata, @Nullable Boolean store,
		@Nullable String reasoningEffort, @Nullable Double frequencyPenalty, @Nullable Double presencePenalty,
		@Nullable String serviceTier, @JsonAnyGetter Map<String, Object> extraBody) {

	public ChatCompletionCreateParams {
		Objects.requireNonNull(model, "model");
		messages = List.copyOf(messages);
		extraBody = OpenAIJson.fields(extraBody);
	}

	/**
	 * A builder for the params.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Options of a streamed answer.
	 *
	 * @param includeUsage whether a last chunk reports the tokens counted
	 */
	public record StreamOptions(@Nullable Boolean includeUsage) {

	}

	/**
	 * A tool choice that makes the model call one function.
	 * @param name the function name
	 * @return the tool choice, for {@link Builder#toolChoice(Object)}
	 */
	public static Map<String, Object> toolChoiceFunction(String name) {
		return Map.of("type", "function", "function", Map.of("name", name));
	}

	/**
	 * Builds {@link ChatCompletionCreateParams}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private final List<ChatCompletionMessageParam> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable Integer maxCompletionTokens;

		private @Nullable Integer n;

		private @Nullable List<String> stop;

		private @Nullable Long seed;

		private @Nullable String user;

		private @Nullable List<ChatCompletionTool> tools;

		private @Nullable Object toolChoice;

		private @Nullable Boolean parallelToolCalls;

		private @Nullable ResponseFormat responseFormat;

		private @Nullable StreamOptions streamOptions;

		private @Nullable Boolean logprobs;

		private @Nullable Integer topLogprobs;

		private @Nullable Map<String, String> metadata;

		private @Nullable Boolean store;

		private @Nullable String reasoningEffort;

		private @Nullable Double frequencyPenalty;

		private @Nullable Double presencePenalty;

		private @Nullable String serviceTier;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		/** Replaces the messages. */
		public Builder messages(List<ChatCompletionMessageParam> messages) {
			this.messages.clear();
			this.messages.addAll(messages);
			return this;
		}

		public Builder addMessage(ChatCompletionMessageParam message) {
			this.messages.add(Objects.requireNonNull(message, "message"));
			return this;
		}

		public Builder addDeveloperMessage(String content) {
			return addMessage(ChatCompletionMessageParam.developer(content));
		}

		public Builder addSystemMessage(String content) {
			return addMessage(ChatCompletionMessageParam.system(content));
		}

		public Builder addUserMessage(String content) {
			return addMessage(ChatCompletionMessageParam.user(content));
		}

		public Builder addAssistantMessage(String content) {
			return addMessage(ChatCompletionMessageParam.assistant(content));
		}

		public Builder temperature(double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder topP(double topP) {
			this.topP = topP;
			return this;
		}

		public Builder maxCompletionTokens(int maxCompletionTokens) {
			this.maxCompletionTokens = maxCompletionTokens;
			return this;
		}

		public Builder n(int n) {
			this.n = n;
			return this;
		}

		public Builder stop(String... stop) {
			this.stop = List.of(stop);
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		public Builder user(String user) {
			this.user = user;
			return this;
		}

		public Builder tools(List<ChatCompletionTool> tools) {
			this.tools = List.copyOf(tools);
			return this;
		}

		public Builder addTool(ChatCompletionTool tool) {
			List<ChatCompletionTool> all = new ArrayList<>((this.tools != null) ? this.tools : List.of());
			all.add(tool);
			this.tools = all;
			return this;
		}

		/**
		 * {@code "none"}, {@code "auto"}, {@code "required"}, or
		 * {@link ChatCompletionCreateParams#toolChoiceFunction(String)}.
		 */
		public Builder toolChoice(Object toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder parallelToolCalls(boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		public Builder responseFormat(ResponseFormat responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		public Builder streamOptions(StreamOptions streamOptions) {
			this.streamOptions = streamOptions;
			return this;
		}

		/** Asks the stream to end with a chunk that reports the tokens counted. */
		public Builder includeUsage(boolean includeUsage) {
			return streamOptions(new StreamOptions(includeUsage));
		}

		public Builder logprobs(boolean logprobs) {
			this.logprobs = logprobs;
			return this;
		}

		public Builder topLogprobs(int topLogprobs) {
			this.topLogprobs = topLogprobs;
			return this;
		}

		public Builder metadata(Map<String, String> metadata) {
			this.metadata = Map.copyOf(metadata);
			return this;
		}

		public Builder store(boolean store) {
			this.store = store;
			return this;
		}

		public Builder reasoningEffort(String reasoningEffort) {
			this.reasoningEffort = reasoningEffort;
			return this;
		}

		public Builder frequencyPenalty(double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
			return this;
		}

		public Builder presencePenalty(double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		public Builder serviceTier(String serviceTier) {
			this.serviceTier = serviceTier;
			return this;
		}

		/** Adds a body field the params do not model; it replaces a modelled field of that name. */
		public Builder extraBody(String name, @Nullable Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public ChatCompletionCreateParams build() {
			if (this.model == null) {
				throw new IllegalStateException("model is required");
			}
			if (this.messages.isEmpty()) {
				throw new IllegalStateException("messages are required: add at least one");
			}
			return new ChatCompletionCreateParams(this.model, this.messages, this.temperature, this.topP,
					this.maxCompletionTokens, this.n, this.stop, this.seed, this.user, this.tools, this.toolChoice,
					this.parallelToolCalls, this.responseFormat, this.streamOptions, this.logprobs, this.topLogprobs,
					this.metadata, this.store, this.reasoningEffort, this.frequencyPenalty, this.presencePenalty,
					this.serviceTier, this.extraBody);
		}

	}

}
