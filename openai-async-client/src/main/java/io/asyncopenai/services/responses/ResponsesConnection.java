package io.asyncopenai.services.responses;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.core.WebSocketConnection;
import io.asyncopenai.core.WebSocketSession;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponsesClientEventResponseCreate;
import io.asyncopenai.models.responses.ResponsesServerEvent;

/**
 * An open connection to the Responses API's WebSocket mode ({@code client.responses().connect()}):
 * send {@code response.create} as often as needed, one response after another (or on lanes
 * named by {@code stream_id}), and receive their events. The events are the very records of the
 * server-sent event stream ({@code event instanceof ResponseTextDeltaEvent delta} works; each
 * keeps its {@code stream_id} among its additional properties), and the WebSocket's own
 * {@link io.asyncopenai.models.responses.ResponseWsError} for a request the server refused;
 * the connection stays open after it.
 */
public final class ResponsesConnection
		extends WebSocketConnection<ResponsesServerEvent, ResponsesClientEventResponseCreate> {

	private static final String TYPE = "response.create";

	/**
	 * A connection over an open session.
	 * @param session the session
	 */
	public ResponsesConnection(WebSocketSession<ResponsesServerEvent> session) {
		super(session);
	}

	/**
	 * Asks for a response: the params of {@code POST /responses} sent as a {@code response.create}
	 * event ({@code stream} is implied and left out; {@code background} is not supported over
	 * WebSocket).
	 * @param params the request
	 * @return completes once it is written to the connection
	 */
	public Mono<Void> create(ResponseCreateParams params) {
		return create(params, null);
	}

	/**
	 * Asks for a response on a lane: responses of the same {@code stream_id} are answered in
	 * order, and their events carry it.
	 * @param params the request
	 * @param streamId the lane, or {@code null} for none
	 * @return completes once it is written to the connection
	 */
	public Mono<Void> create(ResponseCreateParams params, @Nullable String streamId) {
		Objects.requireNonNull(params, "params");
		return Mono.defer(() -> {
			JsonNode body = session().mapper().valueToTree(params);
			ObjectNode event = session().mapper().createObjectNode().put("type", TYPE);
			if (streamId != null) {
				event.put("stream_id", streamId);
			}
			body.properties().forEach((member) -> {
				if (!member.getKey().equals("stream")) {
					event.set(member.getKey(), member.getValue());
				}
			});
			return session().send(event);
		});
	}

}
