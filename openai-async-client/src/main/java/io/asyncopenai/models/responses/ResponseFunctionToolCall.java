package io.asyncopenai.models.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * A function the model called.
 *
 * @param id the item id
 * @param type always {@code function_call}
 * @param callId the call id, to quote in the function's output
 * @param name the function name
 * @param arguments the arguments as a JSON text
 * @param status the item's status
 * @param additionalProperties fields this type does not model
 */
public record ResponseFunctionToolCall(@Nullable String id, String type, @Nullable String callId, String name,
		@Nullable String arguments, @Nullable String status,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseOutputItem {

	public ResponseFunctionToolCall {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
