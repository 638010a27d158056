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
 * An output text part is complete. Its type is {@code response.output_text.done}.
 *
 * @param type always {@code response.output_text.done}
 * @param itemId the message's id
 * @param outputIndex the message's position in the output
 * @param contentIndex the part's position in the message
 * @param text the whole text
 * @param sequenceNumber the event's position in the stream, from 0
 * @param additionalProperties fields this type does not model
 */
@JsonDeserialize(using = ValueDeserializer.None.class)
public record ResponseTextDoneEvent(String type, @Nullable String itemId, int outputIndex, int contentIndex,
		String text, long sequenceNumber,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseStreamEvent {

	/** The {@code type} of this event. */
	public static final String TYPE = "response.output_text.done";

	public ResponseTextDoneEvent {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
