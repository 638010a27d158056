package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API's WebSocket mode: each {@code response.create} is answered with the events
 * {@code POST /v1/responses} streams for the same request, one message each, with the
 * {@code stream_id} the request named; requests are answered in the order they came.
 */
final class ResponsesProtocol implements MockWebSocket.Protocol {

	private final Function<RecordedRequest, Mono<Reply>> responses;

	private final RecordedRequest handshake;

	/** The answer being sent: the next request waits for it, as the API's lanes are FIFO. */
	private Mono<Void> previous = Mono.empty();

	ResponsesProtocol(Function<RecordedRequest, Mono<Reply>> responses, RecordedRequest handshake) {
		this.responses = responses;
		this.handshake = handshake;
	}

	@Override
	public void open(MockWebSocket socket) {
	}

	@Override
	public void message(MockWebSocket socket, String text) {
		JsonNode event = Requests.parseObject(text);
		if (event == null) {
			socket.emit(error(400, "invalid_request_error", "invalid_json", "The message is not a JSON object."));
			return;
		}
		String type = event.path("type").asString("");
		if (!type.equals("response.create")) {
			socket.emit(error(400, "invalid_request_error", "invalid_value",
					"Invalid value: '" + type + "'. Supported values are: 'response.create'."));
			return;
		}
		for (String unsupported : List.of("stream", "background")) {
			if (event.has(unsupported)) {
				socket.emit(error(400, "invalid_request_error", "unsupported_parameter",
						"'" + unsupported + "' is not supported over WebSocket."));
				return;
			}
		}
		String streamId = event.path("stream_id").isString() ? event.get("stream_id").asString() : null;
		ObjectNode body = ((ObjectNode) event).deepCopy();
		body.remove("type");
		body.remove("stream_id");
		body.put("stream", true);
		RecordedRequest request = new RecordedRequest(this.handshake.sequence(), "POST", "/v1/responses",
				this.handshake.protocol(), List.of(Map.entry("content-type", "application/json")),
				RecordedRequest.Body.of(Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				Requests.newId("req_", 32), this.handshake.connectionId());
		synchronized (this) {
			this.previous = this.previous.then(this.responses.apply(request)
				.doOnNext((reply) -> socket.emitAll(events(reply, streamId)))
				.then()
				.onErrorResume((ignored) -> Mono.empty()))
				.cache();
			this.previous.subscribe();
		}
	}

	private static List<String> events(Reply reply, @Nullable String streamId) {
		List<String> events = new ArrayList<>();
		if (reply instanceof Reply.Stream stream) {
			for (Reply.Event event : stream.events()) {
				JsonNode data = Requests.parseObject(event.data());
				if (data instanceof ObjectNode object) {
					if (streamId != null) {
						object.put("stream_id", streamId);
					}
					events.add(Json.write(object));
				}
			}
		}
		else if (reply instanceof Reply.Json json) {
			JsonNode body = Requests.parseObject(json.body());
			ObjectNode error = Json.object().put("type", "error").put("status", json.status());
			if (streamId != null) {
				error.put("stream_id", streamId);
			}
			error.set("error", (body != null) ? body.path("error") : Json.object().put("message", json.body()));
			events.add(Json.write(error));
		}
		return events;
	}

	/** The {@code error} event of the Responses WebSocket. */
	static String error(int status, String type, @Nullable String code, String message) {
		ObjectNode error = Json.object().put("type", "error").put("status", status);
		error.set("error", Json.object().put("type", type).put("code", code).put("message", message).putNull("param"));
		return Json.write(error);
	}

}
