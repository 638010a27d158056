package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mock's answers reshaped as an OpenAI-compatible server (vLLM, Ollama, DeepSeek) shapes
 * them, for {@link MockOpenAIServer.Builder#compatible(boolean)}: a chat completion without
 * {@code id} and {@code object}, with {@code finish_reason: null} and a
 * {@code reasoning_content} beside the content (on the first delta of a stream), and error
 * bodies as FastAPI writes them, {@code {"detail": "…"}}.
 */
final class CompatibleAnswers {

	/** The reasoning every chat answer of a compatible server carries. */
	static final String REASONING = "The user wrote something; echo it.";

	private CompatibleAnswers() {
	}

	static Reply adapt(RecordedRequest request, Reply reply) {
		if (reply instanceof Reply.Json json && json.status() >= 400) {
			JsonNode body = Requests.parseObject(json.body());
			String message = (body != null) ? body.path("error").path("message").asString(json.body()) : json.body();
			return new Reply.Json(json.status(), Json.write(Json.object().put("detail", message)));
		}
		if (!request.path().equals("/v1/chat/completions")) {
			return reply;
		}
		if (reply instanceof Reply.Json json) {
			JsonNode body = Requests.parseObject(json.body());
			if (body instanceof ObjectNode completion) {
				completion.remove("id");
				completion.remove("object");
				for (JsonNode choice : completion.path("choices")) {
					((ObjectNode) choice).putNull("finish_reason");
					if (choice.path("message") instanceof ObjectNode message) {
						message.put("reasoning_content", REASONING);
					}
				}
				return new Reply.Json(json.status(), Json.write(completion));
			}
		}
		if (reply instanceof Reply.Stream stream) {
			List<Reply.Event> events = new ArrayList<>();
			boolean first = true;
			for (Reply.Event event : stream.events()) {
				JsonNode data = Requests.parseObject(event.data());
				if (data instanceof ObjectNode chunk) {
					chunk.remove("id");
					chunk.remove("object");
					if (first && chunk.path("choices").path(0).path("delta") instanceof ObjectNode delta) {
						delta.put("reasoning_content", REASONING);
						first = false;
					}
					events.add(new Reply.Event(event.name(), Json.write(chunk)));
				}
				else {
					events.add(event);
				}
			}
			return new Reply.Stream(events, stream.errorAfter());
		}
		return reply;
	}

}
