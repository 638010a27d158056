package io.asyncopenai.models.responses;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The modelled stream event classes by their {@code type}.
 */
final class ResponseStreamEventTypes {

	static final Map<String, Class<? extends ResponseStreamEvent>> BY_TYPE = Map.ofEntries(
			Map.entry(ResponseCreatedEvent.TYPE, ResponseCreatedEvent.class),
			Map.entry(ResponseInProgressEvent.TYPE, ResponseInProgressEvent.class),
			Map.entry(ResponseCompletedEvent.TYPE, ResponseCompletedEvent.class),
			Map.entry(ResponseFailedEvent.TYPE, ResponseFailedEvent.class),
			Map.entry(ResponseIncompleteEvent.TYPE, ResponseIncompleteEvent.class),
			Map.entry(ResponseOutputItemAddedEvent.TYPE, ResponseOutputItemAddedEvent.class),
			Map.entry(ResponseOutputItemDoneEvent.TYPE, ResponseOutputItemDoneEvent.class),
			Map.entry(ResponseContentPartAddedEvent.TYPE, ResponseContentPartAddedEvent.class),
			Map.entry(ResponseContentPartDoneEvent.TYPE, ResponseContentPartDoneEvent.class),
			Map.entry(ResponseTextDeltaEvent.TYPE, ResponseTextDeltaEvent.class),
			Map.entry(ResponseTextDoneEvent.TYPE, ResponseTextDoneEvent.class),
			Map.entry(ResponseErrorEvent.TYPE, ResponseErrorEvent.class));

	private ResponseStreamEventTypes() {
	}

	/** The modelled class of an event's JSON, or {@code null} for a type this client does not model. */
	static @Nullable Class<? extends ResponseStreamEvent> classOf(JsonNode json) {
		return BY_TYPE.get(json.path("type").asString(""));
	}

	/** An event of a type this client does not model, its JSON kept. */
	static UnknownResponseStreamEvent unknown(JsonNode json) {
		return new UnknownResponseStreamEvent(json.path("type").asString(""), json.path("sequence_number").asLong(-1),
				json);
	}

}
