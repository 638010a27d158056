package io.asyncopenai.models.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import io.asyncopenai.core.OpenAIJson;

/**
 * An output item was added. Its type is {@code response.output_item.added}.
 *
 * @param type always {@code response.output_item.added}
 * @param outputIndex the item's position in the output
 * @param item the item as added
 * @param sequenceNumber the event's position in the stream, from 0
 * @param additionalProperties fields this type does not model
 */
@JsonDeserialize(using = ValueDeserializer.None.class)
public record ResponseOutputItemAddedEvent(String type, int outputIndex, ResponseOutputItem item,
		long sequenceNumber,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseStreamEvent {

	/** The {@code type} of this event. */
	public static final String TYPE = "response.output_item.added";

	public ResponseOutputItemAddedEvent {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
