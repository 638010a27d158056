package io.asyncopenai.models.responses;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event of a streamed response, told apart by {@link #type()}. Events of types this
 * client does not model arrive as {@link UnknownResponseStreamEvent} instead of failing the
 * stream.
 *
 * <p>Where a model holds an event, Jackson reads it with {@link Deserializer}, which picks the
 * event type by its {@code type}; each event type opts out of that inherited annotation.
 */
@JsonDeserialize(using = ResponseStreamEvent.Deserializer.class)
public sealed interface ResponseStreamEvent permits ResponseCreatedEvent, ResponseInProgressEvent,
		ResponseCompletedEvent, ResponseFailedEvent, ResponseIncompleteEvent, ResponseOutputItemAddedEvent,
		ResponseOutputItemDoneEvent, ResponseContentPartAddedEvent, ResponseContentPartDoneEvent,
		ResponseTextDeltaEvent, ResponseTextDoneEvent, ResponseErrorEvent, UnknownResponseStreamEvent {

	/** The event's type, for example {@code response.output_text.delta}. */
	String type();

	/** The event's position in the stream, from 0. */
	long sequenceNumber();

	/**
	 * Reads an event from its JSON.
	 * @param json the event's JSON
	 * @param mapper the mapper of the API's JSON
	 * @return the typed event, or an {@link UnknownResponseStreamEvent}
	 * @throws JacksonException if the JSON does not fit the type it names
	 */
	static ResponseStreamEvent of(JsonNode json, JsonMapper mapper) {
		Class<? extends ResponseStreamEvent> eventClass = ResponseStreamEventTypes.classOf(json);
		return (eventClass != null) ? mapper.treeToValue(json, eventClass) : ResponseStreamEventTypes.unknown(json);
	}

	/**
	 * Reads an event where a model holds one, as {@link #of(JsonNode, JsonMapper)} does.
	 */
	final class Deserializer extends ValueDeserializer<ResponseStreamEvent> {

		@Override
		public ResponseStreamEvent deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode json = context.readTree(parser);
			Class<? extends ResponseStreamEvent> eventClass = ResponseStreamEventTypes.classOf(json);
			return (eventClass != null) ? context.readTreeAsValue(json, eventClass)
					: ResponseStreamEventTypes.unknown(json);
		}

	}

}
