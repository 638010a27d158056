package io.asyncopenai.models.responses;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A stream event of a type this client does not model yet: its whole JSON is kept.
 *
 * @param type the event's type
 * @param sequenceNumber the event's position in the stream, or -1 if it had none
 * @param json the event's JSON
 */
@JsonDeserialize(using = ValueDeserializer.None.class)
public record UnknownResponseStreamEvent(String type, long sequenceNumber, JsonNode json)
		implements ResponseStreamEvent {

}
