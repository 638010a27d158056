package io.asyncopenai.models.responses;

import org.jspecify.annotations.Nullable;

/**
 * Reading a response's stream.
 */
public final class ResponseStreamEvents {

	private ResponseStreamEvents() {
	}

	/**
	 * The whole response an event carries when it ends the stream: {@code response.completed},
	 * {@code response.incomplete} or {@code response.failed}.
	 * @param event an event
	 * @return the response, or {@code null} for an event that does not end the stream
	 */
	public static @Nullable Response finalResponse(ResponseStreamEvent event) {
		if (event instanceof ResponseCompletedEvent completed) {
			return completed.response();
		}
		if (event instanceof ResponseIncompleteEvent incomplete) {
			return incomplete.response();
		}
		if (event instanceof ResponseFailedEvent failed) {
			return failed.response();
		}
		return null;
	}

}
