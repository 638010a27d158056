package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Realtime API's WebSocket protocol, as the mock speaks it: a session, a conversation of
 * items, an input audio buffer, and responses that echo the last user text (as text, or as an
 * audio transcript with silent audio) or call a function the text names. Every event has an
 * {@code event_id}; a client event the mock cannot take gets an {@code error} event and the
 * connection stays open.
 */
final class RealtimeProtocol implements MockWebSocket.Protocol {

	/** Bytes of silent PCM16 audio sent with each word of a spoken answer. */
	private static final int AUDIO_PER_WORD = 480;

	private final ObjectNode session;

	private final Map<String, ObjectNode> items = new LinkedHashMap<>();

	private final ByteArrayOutputStream audio = new ByteArrayOutputStream();

	private final List<MockTools.Call> calls = new ArrayList<>();

	private @Nullable String responseInProgress;

	private @Nullable String lastResponse;

	RealtimeProtocol(String model) {
		this.session = Json.object()
			.put("type", "realtime")
			.put("object", "realtime.session")
			.put("id", Requests.newId("sess_", 24))
			.put("model", model)
			.put("expires_at", Requests.nowSeconds() + 3600)
			.put("instructions", "")
			.put("tool_choice", "auto")
			.put("max_output_tokens", "inf");
		this.session.putArray("output_modalities").add("audio");
		this.session.putArray("tools");
		ObjectNode audio = this.session.putObject("audio");
		audio.putObject("input").putObject("format").put("type", "audio/pcm").put("rate", 24000);
		audio.putObject("output").put("voice", "alloy").putObject("format").put("type", "audio/pcm").put("rate", 24000);
	}

	@Override
	public void open(MockWebSocket socket) {
		socket.emit(event("session.created").set("session", this.session.deepCopy()).toString());
	}

	@Override
	public synchronized void message(MockWebSocket socket, String text) {
		JsonNode event = Requests.parseObject(text);
		if (event == null) {
			socket.emit(error("invalid_request_error", "invalid_json", "The message is not a JSON object.", null));
			return;
		}
		String eventId = event.path("event_id").isString() ? event.get("event_id").asString() : null;
		String type = event.path("type").asString("");
		switch (type) {
			case "session.update" -> updateSession(socket, event, eventId);
			case "input_audio_buffer.append" -> appendAudio(socket, event, eventId);
			case "input_audio_buffer.commit" -> commitAudio(socket, eventId);
			case "input_audio_buffer.clear" -> {
				this.audio.reset();
				socket.emit(event("input_audio_buffer.cleared").toString());
			}
			case "conversation.item.create" -> createItem(socket, event, eventId);
			case "conversation.item.retrieve" -> withItem(socket, event, eventId,
					(item) -> socket.emit(event("conversation.item.retrieved").set("item", item.deepCopy()).toString()));
			case "conversation.item.delete" -> withItem(socket, event, eventId, (item) -> {
				this.items.remove(item.get("id").asString());
				socket.emit(event("conversation.item.deleted").put("item_id", item.get("id").asString()).toString());
			});
			case "conversation.item.truncate" -> withItem(socket, event, eventId,
					(item) -> socket.emit(event("conversation.item.truncated").put("item_id", item.get("id").asString())
						.put("content_index", event.path("content_index").asInt(0))
						.put("audio_end_ms", event.path("audio_end_ms").asInt(0))
						.toString()));
			case "response.create" -> respond(socket, event.path("response"));
			case "response.cancel" -> cancel(socket, eventId);
			case "output_audio_buffer.clear" -> socket.emit(event("output_audio_buffer.cleared")
				.put("response_id", (this.lastResponse != null) ? this.lastResponse : "resp_none")
				.toString());
			default -> socket.emit(error("invalid_request_error", "invalid_value",
					"Invalid value: '" + type + "'. Supported values are: 'session.update', 'input_audio_buffer.append', "
							+ "'input_audio_buffer.commit', 'input_audio_buffer.clear', 'conversation.item.create', "
							+ "'conversation.item.retrieve', 'conversation.item.truncate', 'conversation.item.delete', "
							+ "'response.create', 'response.cancel' and 'output_audio_buffer.clear'.",
					eventId));
		}
	}

	private void updateSession(MockWebSocket socket, JsonNode event, @Nullable String eventId) {
		if (!event.path("session").isObject()) {
			socket.emit(missing("session", eventId));
			return;
		}
		event.get("session").properties().forEach((member) -> {
			if (!member.getKey().equals("type") && !member.getKey().equals("id")) {
				this.session.set(member.getKey(), member.getValue().deepCopy());
			}
		});
		socket.emit(event("session.updated").set("session", this.session.deepCopy()).toString());
	}

	private void appendAudio(MockWebSocket socket, JsonNode event, @Nullable String eventId) {
		if (!event.path("audio").isString()) {
			socket.emit(missing("audio", eventId));
			return;
		}
		try {
			this.audio.writeBytes(Base64.getDecoder().decode(event.get("audio").asString()));
		}
		catch (IllegalArgumentException ex) {
			socket.emit(error("invalid_request_error", "invalid_value", "The audio is not valid base64.", eventId));
		}
	}

	private void commitAudio(MockWebSocket socket, @Nullable String eventId) {
		if (this.audio.size() == 0) {
			socket.emit(error("invalid_request_error", "input_audio_buffer_commit_empty",
					"Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, "
							+ "but buffer only has 0.00ms of audio.",
					eventId));
			return;
		}
		ObjectNode item = Json.object().put("type", "message").put("role", "user");
		item.putArray("content").addObject().put("type", "input_audio").put("transcript", this.audio.size() + " bytes of audio");
		this.audio.reset();
		String previous = lastItemId();
		add(item);
		ObjectNode committed = event("input_audio_buffer.committed").put("item_id", item.get("id").asString());
		committed.put("previous_item_id", previous);
		socket.emit(committed.toString());
		emitAdded(socket, item, previous);
	}

	private void createItem(MockWebSocket socket, JsonNode event, @Nullable String eventId) {
		if (!event.path("item").isObject() || !event.get("item").path("type").isString()) {
			socket.emit(missing("item", eventId));
			return;
		}
		ObjectNode item = ((ObjectNode) event.get("item")).deepCopy();
		String previous = lastItemId();
		add(item);
		emitAdded(socket, item, previous);
	}

	private void withItem(MockWebSocket socket, JsonNode event, @Nullable String eventId,
			java.util.function.Consumer<ObjectNode> action) {
		ObjectNode item = this.items.get(event.path("item_id").asString(""));
		if (item == null) {
			socket.emit(error("invalid_request_error", "item_not_found",
					"Item with item_id not found: " + event.path("item_id").asString(""), eventId));
			return;
		}
		action.accept(item);
	}

	private void cancel(MockWebSocket socket, @Nullable String eventId) {
		String response = this.responseInProgress;
		if (response == null || !socket.cancelAnswers()) {
			socket.emit(error("invalid_request_error", "response_cancel_not_active",
					"Cancellation failed: no active response found", eventId));
			return;
		}
		this.responseInProgress = null;
		ObjectNode done = event("response.done");
		done.putObject("response")
			.put("object", "realtime.response")
			.put("id", response)
			.put("status", "cancelled")
			.putArray("output");
		done.withObject("response").putObject("status_details").put("type", "cancelled").put("reason", "client_cancelled");
		socket.emit(done.toString());
	}

	/** Answers {@code response.create}: a function call the user text names, or the text echoed. */
	private void respond(MockWebSocket socket, JsonNode options) {
		String responseId = Requests.newId("resp_", 24);
		this.lastResponse = responseId;
		this.responseInProgress = responseId;
		List<String> modalities = new ArrayList<>();
		JsonNode asked = options.has("output_modalities") ? options.get("output_modalities")
				: this.session.path("output_modalities");
		asked.forEach((modality) -> modalities.add(modality.asString()));
		boolean text = modalities.contains("text");
		List<JsonNode> conversation = options.path("input").isArray() ? list(options.get("input"))
				: "none".equals(options.path("conversation").asString("")) ? List.of()
						: new ArrayList<>(this.items.values());
		String userText = lastUserText(conversation);
		ObjectNode toolSource = Json.object();
		toolSource.set("tools", options.has("tools") ? options.get("tools") : this.session.path("tools"));
		Map<String, String> outputs = outputs(conversation);
		List<MockTools.Call> called = outputs.isEmpty()
				? MockTools.calls(MockTools.functionTools(toolSource), userText,
						options.has("tool_choice") ? options.get("tool_choice") : this.session.path("tool_choice"), false)
				: List.of();
		List<String> events = new ArrayList<>();
		ObjectNode response = Json.object()
			.put("object", "realtime.response")
			.put("id", responseId)
			.put("status", "in_progress")
			.put("conversation_id", "conv_" + this.session.get("id").asString().substring(5));
		response.putArray("output");
		response.set("output_modalities", Json.MAPPER.valueToTree(modalities));
		events.add(event("response.created").set("response", response.deepCopy()).toString());
		ObjectNode item;
		int outputTokens;
		if (!called.isEmpty()) {
			MockTools.Call call = called.get(0);
			this.calls.add(call);
			item = Json.object()
				.put("id", call.itemId())
				.put("object", "realtime.item")
				.put("type", "function_call")
				.put("status", "completed")
				.put("name", call.name())
				.put("call_id", call.callId())
				.put("arguments", call.arguments());
			events.add(event("response.output_item.added").put("response_id", responseId).put("output_index", 0)
				.set("item", item.deepCopy().put("status", "in_progress").put("arguments", "")).toString());
			for (String piece : call.pieces()) {
				events.add(part(event("response.function_call_arguments.delta"), responseId, item.get("id").asString())
					.put("call_id", call.callId())
					.put("delta", piece)
					.toString());
			}
			events.add(part(event("response.function_call_arguments.done"), responseId, item.get("id").asString())
				.put("call_id", call.callId())
				.put("name", call.name())
				.put("arguments", call.arguments())
				.toString());
			outputTokens = call.pieces().size();
		}
		else {
			String answer = !outputs.isEmpty() ? MockTools.answer(this.calls, outputs) : MockContent.reply(userText);
			List<String> words = MockContent.tokens(answer);
			outputTokens = words.size();
			String itemId = Requests.newId("item_", 24);
			item = Json.object().put("id", itemId).put("object", "realtime.item").put("type", "message")
				.put("status", "completed").put("role", "assistant");
			ObjectNode content = item.putArray("content").addObject();
			if (text) {
				content.put("type", "output_text").put("text", answer);
			}
			else {
				content.put("type", "output_audio").put("transcript", answer);
			}
			ObjectNode started = item.deepCopy().put("status", "in_progress");
			started.putArray("content");
			events.add(event("response.output_item.added").put("response_id", responseId).put("output_index", 0)
				.set("item", started.deepCopy()).toString());
			events.add(event("conversation.item.added").set("item", started).toString());
			ObjectNode emptyPart = text ? Json.object().put("type", "text").put("text", "")
					: Json.object().put("type", "audio").put("transcript", "");
			events.add(part(event("response.content_part.added"), responseId, itemId).put("content_index", 0)
				.set("part", emptyPart).toString());
			String silence = Base64.getEncoder().encodeToString(new byte[AUDIO_PER_WORD]);
			for (String word : words) {
				if (text) {
					events.add(part(event("response.output_text.delta"), responseId, itemId).put("content_index", 0)
						.put("delta", word).toString());
				}
				else {
					events.add(part(event("response.output_audio_transcript.delta"), responseId, itemId)
						.put("content_index", 0).put("delta", word).toString());
					events.add(part(event("response.output_audio.delta"), responseId, itemId).put("content_index", 0)
						.put("delta", silence).toString());
				}
			}
			if (text) {
				events.add(part(event("response.output_text.done"), responseId, itemId).put("content_index", 0)
					.put("text", answer).toString());
			}
			else {
				events.add(part(event("response.output_audio.done"), responseId, itemId).put("content_index", 0)
					.toString());
				events.add(part(event("response.output_audio_transcript.done"), responseId, itemId)
					.put("content_index", 0).put("transcript", answer).toString());
			}
			ObjectNode fullPart = text ? Json.object().put("type", "text").put("text", answer)
					: Json.object().put("type", "audio").put("transcript", answer);
			events.add(part(event("response.content_part.done"), responseId, itemId).put("content_index", 0)
				.set("part", fullPart).toString());
		}
		events.add(event("response.output_item.done").put("response_id", responseId).put("output_index", 0)
			.set("item", item.deepCopy()).toString());
		if (!"none".equals(options.path("conversation").asString(""))) {
			this.items.put(item.get("id").asString(), item);
		}
		events.add(event("conversation.item.done").set("item", item.deepCopy()).toString());
		ObjectNode done = response.deepCopy().put("status", "completed");
		done.putArray("output").add(item.deepCopy());
		int inputTokens = Math.max(1, MockContent.countTokens(userText));
		done.putObject("usage")
			.put("total_tokens", inputTokens + outputTokens)
			.put("input_tokens", inputTokens)
			.put("output_tokens", outputTokens);
		events.add(event("response.done").set("response", done).toString());
		socket.emitAll(events);
	}

	private static ObjectNode part(ObjectNode event, String responseId, String itemId) {
		return event.put("response_id", responseId).put("item_id", itemId).put("output_index", 0);
	}

	private void add(ObjectNode item) {
		if (!item.path("id").isString()) {
			item.put("id", Requests.newId("item_", 24));
		}
		item.put("object", "realtime.item");
		if (!item.has("status")) {
			item.put("status", "completed");
		}
		this.items.put(item.get("id").asString(), item);
	}

	private void emitAdded(MockWebSocket socket, ObjectNode item, @Nullable String previous) {
		ObjectNode added = event("conversation.item.added").put("previous_item_id", previous);
		added.set("item", item.deepCopy());
		socket.emit(added.toString());
		ObjectNode done = event("conversation.item.done").put("previous_item_id", previous);
		done.set("item", item.deepCopy());
		socket.emit(done.toString());
	}

	private @Nullable String lastItemId() {
		String last = null;
		for (String id : this.items.keySet()) {
			last = id;
		}
		return last;
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> items = new ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	/** The text of the conversation's last user message: typed text, or an audio transcript. */
	private static String lastUserText(List<JsonNode> conversation) {
		String text = "";
		for (JsonNode item : conversation) {
			if ("message".equals(item.path("type").asString("")) && "user".equals(item.path("role").asString(""))) {
				StringBuilder joined = new StringBuilder();
				for (JsonNode content : item.path("content")) {
					String piece = content.path("text").isString() ? content.get("text").asString()
							: content.path("transcript").asString("");
					joined.append(piece);
				}
				text = joined.toString();
			}
		}
		return text;
	}

	/** The outputs of function calls given since the last user message, by call id. */
	private static Map<String, String> outputs(List<JsonNode> conversation) {
		Map<String, String> outputs = new LinkedHashMap<>();
		for (JsonNode item : conversation) {
			String type = item.path("type").asString("");
			if (type.equals("message") && "user".equals(item.path("role").asString(""))) {
				outputs.clear();
			}
			else if (type.equals("function_call_output")) {
				outputs.put(item.path("call_id").asString(""), item.path("output").asString(""));
			}
		}
		return outputs;
	}

	private static ObjectNode event(String type) {
		return Json.object().put("event_id", Requests.newId("event_", 24)).put("type", type);
	}

	private static String missing(String parameter, @Nullable String eventId) {
		return error("invalid_request_error", "missing_required_parameter",
				"Missing required parameter: '" + parameter + "'.", eventId, parameter);
	}

	/** The Realtime API's {@code error} event. */
	static String error(String type, @Nullable String code, String message, @Nullable String eventId) {
		return error(type, code, message, eventId, null);
	}

	private static String error(String type, @Nullable String code, String message, @Nullable String eventId,
			@Nullable String param) {
		ObjectNode event = event("error");
		event.putObject("error")
			.put("type", type)
			.put("code", code)
			.put("message", message)
			.put("param", param)
			.put("event_id", eventId);
		return event.toString();
	}

}
