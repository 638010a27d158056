package io.asyncopenai.models.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * One item of a response's output: a message, a function call, or an item of a type this
 * client does not model yet, which keeps its JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
		visible = true, defaultImpl = ResponseOutputItem.Unknown.class)
@JsonSubTypes({ @JsonSubTypes.Type(value = ResponseOutputMessage.class, name = "message"),
		@JsonSubTypes.Type(value = ResponseFunctionToolCall.class, name = "function_call") })
public sealed interface ResponseOutputItem permits ResponseOutputMessage, ResponseFunctionToolCall,
		ResponseOutputItem.Unknown {

	/** The item's type, for example {@code message}. */
	String type();

	/**
	 * An output item of a type this client does not model.
	 *
	 * @param type the item's type
	 * @param additionalProperties its other fields
	 */
	record Unknown(String type, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties)
			implements ResponseOutputItem {

		public Unknown {
			additionalProperties = OpenAIJson.fields(additionalProperties);
		}

	}

}
