package io.asyncopenai.models.responses;

import java.util.Map;

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

}
