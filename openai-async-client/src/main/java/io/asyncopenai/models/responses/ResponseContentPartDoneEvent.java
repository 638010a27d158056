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
 * A content part is complete. Its type is {@code response.content_part.done}.
 *
 * @param type always {@code response.content_part.done}
 * @param itemId the message's id
 * @param outputIndex the message's position in the output
 * @param contentIndex the part's position in the message
 * @param part the whole part
 * @param sequenceNumber the event's position in the stream, from 0
 * @param additionalProperties fields this type does not model
 */
@JsonDeserialize(using = ValueDeserializer.None.class)
public record ResponseContentPartDoneEvent(String type, @Nullable String itemId, int outputIndex, int contentIndex,
		ResponseOutputContent part, long sequenceNumber,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseStreamEvent {

	/** The {@code type} of this event. */
	public static final String TYPE = "response.content_part.done";

	public ResponseContentPartDoneEvent {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
