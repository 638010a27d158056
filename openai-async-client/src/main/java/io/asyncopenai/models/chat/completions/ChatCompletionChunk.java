package io.asyncopenai.models.chat.completions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * One event of a streamed chat completion.
 *
 * @param id the completion id, the same in every chunk
 * @param object always {@code chat.completion.chunk}
 * @param created when it was created, in Unix seconds
 * @param model the model that answers
 * @param choices the deltas of this chunk; empty in the usage chunk
 * @param usage the tokens counted, in the last chunk with {@code include_usage}
 * @param serviceTier the tier that serves it
 * @param systemFingerprint the backend configuration
 * @param additionalProperties fields this type does not model
 */
public record ChatCompletionChunk(String id, @Nullable String object, long created, @Nullable String model,
		List<Choice> choices, @Nullable CompletionUsage usage, @Nullable String serviceTier,
		@Nullable String systemFingerprint, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public ChatCompletionChunk {
		choices = (choices != null) ? List.copyOf(choices) : List.of();
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * The delta of one answer.
	 *
	 * @param index the answer's position
	 * @param delta what this chunk adds
	 * @param finishReason why generation stopped, in the answer's last chunk
	 * @param logprobs log probabilities, if asked for, as JSON
	 */
	public record Choice(int index, Delta delta, @Nullable String finishReason, @Nullable JsonNode logprobs) {

		public Choice {
			delta = (delta != null) ? delta : new Delta(null, null, null, List.of());
		}

	}

	/**
	 * What a chunk adds to a message.
	 *
	 * @param role the role, in the first chunk
	 * @param content more text
	 * @param refusal more refusal text
	 * @param toolCalls parts of tool calls, joined by {@code index}
	 */
	public record Delta(@Nullable String role, @Nullable String content, @Nullable String refusal,
			List<ToolCall> toolCalls) {

		public Delta {
			toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		}

	}

	/**
	 * Part of a tool call.
	 *
	 * @param index which call of the message it belongs to
	 * @param id the call id, in its first part
	 * @param type {@code function}, in its first part
	 * @param function the name (first part) and more of the arguments
	 */
	public record ToolCall(int index, @Nullable String id, @Nullable String type,
			ChatCompletionMessageToolCall.@Nullable Function function) {

	}

}
