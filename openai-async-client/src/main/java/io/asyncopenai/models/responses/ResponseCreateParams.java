package io.asyncopenai.models.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import org.jspecify.annotations.Nullable;

import io.asyncopenai.core.OpenAIJson;

/**
 * The body of {@code POST /responses}. Build it with {@link #builder()}; fields left unset are
 * not sent. {@code stream} is set by the client's {@code createStreaming}.
 *
 * @param model the model, for example {@code gpt-4o}
 * @param input a text, or a list of input items (see {@link #message(String, String)})
 * @param instructions a system or developer message put first
 * @param maxOutputTokens the most tokens to generate
 * @param temperature sampling temperature, 0 to 2
 * @param topP nucleus sampling mass
 * @param tools tools the model may call, as their JSON shapes
 * @param toolChoice {@code none}, {@code auto}, {@code required} or a named tool
 * @param parallelToolCalls whether the model may call several tools at once
 * @param previousResponseId the response this one continues
 * @param store whether to store the response
 * @param background whether to run it in the background
 * @param metadata key-value pairs stored with the response
 * @param reasoning reasoning options, for example {@code {"effort": "low"}}
 * @param text text output options, for example a JSON schema format
 * @param truncation {@code auto} or {@code disabled}
 * @param user an identifier of the end user
 * @param serviceTier the processing tier
 * @param extraBody fields the API accepts that this type does not model
 */
public record ResponseCreateParams(String model, @Nullable Object input, @Nullable String instructions,
		@Nullable Integer maxOutputTokens, @Nullable Double temperature, @Nullable Double topP,
		@Nullable List<Object> tools, @Nullable Object toolChoice, @Nullable Boolean parallelToolCalls,
		@Nullable String previousResponseId, @Nullable Boolean store, @Nullable Boolean background,
		@Nullable Map<String, String> metadata, @Nullable Map<String, Object> reasoning,
		@Nullable Map<String, Object> text, @Nullable String truncation, @Nullable String user,
		@Nullable String serviceTier, @JsonAnyGetter Map<String, Object> extraBody) {

	public ResponseCreateParams {
		Objects.requireNonNull(model, "model");
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
	 * An input message.
	 * @param role {@code user}, {@code assistant}, {@code system} or {@code developer}
	 * @param content the text
	 * @return the item, for {@link Builder#input(List)}
	 */
	public static Map<String, Object> message(String role, String content) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", "message");
		message.put("role", Objects.requireNonNull(role, "role"));
		message.put("content", Objects.requireNonNull(content, "content"));
		return message;
	}

	/**
	 * A function tool.
	 * @param name the function name
	 * @param description what it does, for the model
	 * @param parameters its parameters as a JSON schema
	 * @return the tool, for {@link Builder#addTool(Object)}
	 */
	public static Map<String, Object> functionTool(String name, @Nullable String description,
			Map<String, ?> parameters) {
		Map<String, Object> tool = new LinkedHashMap<>();
		tool.put("type", "function");
		tool.put("name", Objects.requireNonNull(name, "name"));
		if (description != null) {
			tool.put("description", description);
		}
		tool.put("parameters", parameters);
		return tool;
	}

	/**
	 * Builds {@link ResponseCreateParams}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private @Nullable Object input;

		private @Nullable String instructions;

		private @Nullable Integer maxOutputTokens;

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable List<Object> tools;

		private @Nullable Object toolChoice;

		private @Nullable Boolean parallelToolCalls;

		private @Nullable String previousResponseId;

		private @Nullable Boolean store;

		private @Nullable Boolean background;

		private @Nullable Map<String, String> metadata;

		private @Nullable Map<String, Object> reasoning;

		private @Nullable Map<String, Object> text;

		private @Nullable String truncation;

		private @Nullable String user;

		private @Nullable String serviceTier;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		/** A text input, as a user message. */
		public Builder input(String input) {
			this.input = input;
			return this;
		}

		/** Input items, for example {@link ResponseCreateParams#message(String, String)}. */
		public Builder input(List<?> items) {
			this.input = List.copyOf(items);
			return this;
		}

		public Builder instructions(String instructions) {
			this.instructions = instructions;
			return this;
		}

		public Builder maxOutputTokens(int maxOutputTokens) {
			this.maxOutputTokens = maxOutputTokens;
			return this;
		}

		public Builder temperature(double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder topP(double topP) {
			this.topP = topP;
			return this;
		}

		public Builder tools(List<?> tools) {
			this.tools = List.copyOf(tools);
			return this;
		}

		public Builder addTool(Object tool) {
			List<Object> all = new ArrayList<>((this.tools != null) ? this.tools : List.of());
			all.add(Objects.requireNonNull(tool, "tool"));
			this.tools = all;
			return this;
		}

		public Builder toolChoice(Object toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder parallelToolCalls(boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		public Builder previousResponseId(String previousResponseId) {
			this.previousResponseId = previousResponseId;
			return this;
		}

		public Builder store(boolean store) {
			this.store = store;
			return this;
		}

		public Builder background(boolean background) {
			this.background = background;
			return this;
		}

		public Builder metadata(Map<String, String> metadata) {
			this.metadata = Map.copyOf(metadata);
			return this;
		}

		public Builder reasoning(Map<String, Object> reasoning) {
			this.reasoning = Map.copyOf(reasoning);
			return this;
		}

		public Builder text(Map<String, Object> text) {
			this.text = Map.copyOf(text);
			return this;
		}

		public Builder truncation(String truncation) {
			this.truncation = truncation;
			return this;
		}

		public Builder user(String user) {
			this.user = user;
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

		public ResponseCreateParams build() {
			if (this.model == null) {
				throw new IllegalStateException("model is required");
			}
			return new ResponseCreateParams(this.model, this.input, this.instructions, this.maxOutputTokens,
					this.temperature, this.topP, this.tools, this.toolChoice, this.parallelToolCalls,
					this.previousResponseId, this.store, this.background, this.metadata, this.reasoning, this.text,
					this.truncation, this.user, this.serviceTier, this.extraBody);
		}

	}

}
