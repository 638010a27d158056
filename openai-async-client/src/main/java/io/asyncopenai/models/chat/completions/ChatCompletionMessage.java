package io.asyncopenai.models.chat.completions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * The message the model answered with.
 *
 * @param role always {@code assistant}
 * @param content the text, or {@code null} when the model only called tools or refused
 * @param refusal the refusal, if the model refused
 * @param toolCalls the tool calls it made
 * @param annotations annotations of the text, for example URL citations, as JSON
 * @param additionalProperties fields this type does not model
 */
public record ChatCompletionMessage(@Nullable String role, @Nullable String content, @Nullable String refusal,
		List<ChatCompletionMessageToolCall> toolCalls, List<JsonNode> annotations,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public ChatCompletionMessage {
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		annotations = (annotations != null) ? List.copyOf(annotations) : List.of();
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
