package io.asyncopenai.services;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.realtime.RealtimeServerEvent;
import io.asyncopenai.services.realtime.RealtimeConnection;

/**
 * {@code /realtime}: the hand-written part of {@link RealtimeService}: the WebSocket connection
 * of the Realtime API, beside the resource's HTTP operations.
 */
public abstract class RealtimeServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected RealtimeServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Opens a Realtime session with a model ({@code wss://…/v1/realtime?model=…}).
	 * @param model the model, such as {@code gpt-realtime}
	 * @return the open connection; its first event is {@code session.created}
	 */
	public Mono<RealtimeConnection> connect(String model) {
		return connect(model, null, RequestOptions.none());
	}

	/**
	 * Opens a Realtime session with a model, or joins a SIP call's session.
	 * @param model the model, or {@code null} with a call
	 * @param callId the call to join ({@code call_id}), or {@code null}
	 * @param options extra headers and query parameters, and the timeout of the handshake
	 * @return the open connection; a refused handshake fails with the status's
	 * {@code APIStatusException}
	 */
	public Mono<RealtimeConnection> connect(@Nullable String model, @Nullable String callId, RequestOptions options) {
		Objects.requireNonNull(options, "options");
		if ((model == null) == (callId == null)) {
			return Mono.error(new IllegalArgumentException("Give a Realtime connection either a model or a call id"));
		}
		ApiPath path = (model != null) ? ApiPath.literal("/realtime").query("model", model)
				: ApiPath.literal("/realtime").query("call_id", callId);
		return this.caller.webSocket(path, options, RealtimeServerEvent.class).map(RealtimeConnection::new);
	}

}
