package io.asyncopenai.models.chat.completions;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * A tool call the model made.
 *
 * @param id the call id, to quote in the tool message that answers it
 * @param type {@code function}
 * @param function the function and its JSON arguments
 * @param additionalProperties fields this type does not model
 */
public record ChatCompletionMessageToolCall(String id, String type, Function function,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public ChatCompletionMessageToolCall {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * A function call.
	 *
	 * @param name the function name
	 * @param arguments the arguments as a JSON text, which the model may get wrong
	 */
	public record Function(String name, @Nullable String arguments) {

	}

}
