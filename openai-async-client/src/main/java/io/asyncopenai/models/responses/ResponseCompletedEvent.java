package io.asyncopenai.models.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import io.asyncopenai.core.OpenAIJson;

/**
 * The response completed. Its type is {@code response.completed}.
 *
 * @param type always {@code response.completed}
 * @param response the whole response
 * @param sequenceNumber the event's position in the stream, from 0
 * @param additionalProperties fields this type does not model
 */
@JsonDeserialize(using = ValueDeserializer.None.class)
public record ResponseCompletedEvent(String type, Response response, long sequenceNumber,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseStreamEvent {

	/** The {@code type} of this event. */
	public static final String TYPE = "response.completed";

	public ResponseCompletedEvent {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
