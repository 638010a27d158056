package io.asyncopenai.models.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import io.asyncopenai.core.OpenAIJson;

/**
 * The stream reports an error. Its type is {@code error}.
 *
 * @param type always {@code error}
 * @param code the error code
 * @param message what went wrong
 * @param param the parameter at fault
 * @param sequenceNumber the event's position in the stream, from 0
 * @param additionalProperties fields this type does not model
 */
@JsonDeserialize(using = ValueDeserializer.None.class)
public record ResponseErrorEvent(String type, @Nullable String code, @Nullable String message,
		@Nullable String param, long sequenceNumber,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseStreamEvent {

	/** The {@code type} of this event. */
	public static final String TYPE = "error";

	public ResponseErrorEvent {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
