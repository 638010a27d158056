package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/chat/completions}: a chat completion object, or a stream of chunks ending
 * with {@code data: [DONE]}.
 *
 * <p>With function tools that the last user message names, the message has their
 * {@code tool_calls} and no content, and finishes with {@code tool_calls}. Messages that end
 * with {@code tool} messages are answered with a text listing their outputs, whose calls are
 * the {@code tool_calls} of the assistant messages before them. With a {@code response_format}
 * of type {@code json_schema}, the content is a JSON value of the schema; with
 * {@code json_object}, {@code {"echo": text}}. {@link MockTools} says the rules.
 */
final class ChatCompletionsEndpoint {

	private static final String SYSTEM_FINGERPRINT = "fp_mock0001";

	Reply create(String body) {
		return Requests.withModel(body, Requests.missingModel(), this::create);
	}

	private Reply create(JsonNode request, String model) {
		JsonNode messages = request.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			return Requests.missingParameter("messages");
		}
		int n = Requests.optionalInt(request, "n");
		if (n == 0 || n > 128) {
			return Requests.invalidParameter("n", n + " is not a valid value for 'n': it must be between 1 and 128.");
		}
		JsonNode format = request.path("response_format");
		JsonNode jsonSchema = format.path("json_schema");
		if ("json_schema".equals(format.path("type").asString("")) && jsonSchema.path("strict").asBoolean(false)) {
			String invalid = MockTools.invalidSchema(jsonSchema.path("name").asString(""), jsonSchema.path("schema"));
			if (invalid != null) {
				return Requests.invalidParameter("response_format.json_schema.schema", invalid);
			}
		}
		Completion completion = complete(request, messages);
		String id = Requests.newId("chatcmpl-", 29);
		long created = Requests.nowSeconds();
		int choices = Math.max(n, 1);
		if (request.path("stream").asBoolean(false)) {
			return stream(request, model, id, created, choices, completion);
		}
		ObjectNode response = base(id, "chat.completion", created, model);
		ArrayNode choiceArray = response.putArray("choices");
		for (int index = 0; index < choices; index++) {
			ObjectNode choice = choiceArray.addObject();
			choice.put("index", index);
			ObjectNode message = choice.putObject("message");
			message.put("role", "assistant");
			if (completion.calls().isEmpty()) {
				message.put("content", completion.text());
			}
			else {
				message.putNull("content");
				ArrayNode toolCalls = message.putArray("tool_calls");
				for (MockTools.Call call : completion.calls()) {
					ObjectNode toolCall = toolCalls.addObject();
					toolCall.put("id", call.callId());
					toolCall.put("type", "function");
					ObjectNode function = toolCall.putObject("function");
					function.put("name", call.name());
					function.put("arguments", call.arguments());
				}
			}
			message.putNull("refusal");
			message.putArray("annotations");
			choice.putNull("logprobs");
			choice.put("finish_reason", completion.finishReason());
		}
		response.set("usage", usage(completion, choices));
		response.put("service_tier", "default");
		response.put("system_fingerprint", SYSTEM_FINGERPRINT);
		return new Reply.Json(200, Json.write(response));
	}

	private Reply stream(JsonNode request, String model, String id, long created, int choices, Completion completion) {
		JsonNode streamOptions = request.path("stream_options");
		boolean includeUsage = streamOptions.path("include_usage").asBoolean(false);
		boolean obfuscate = streamOptions.path("include_obfuscation").asBoolean(true);
		List<Reply.Event> events = new ArrayList<>();
		for (int index = 0; index < choices; index++) {
			ObjectNode delta = Json.object();
			delta.put("role", "assistant");
			if (completion.calls().isEmpty()) {
				delta.put("content", "");
			}
			else {
				delta.putNull("content");
			}
			delta.putNull("refusal");
			events.add(chunk(id, created, model, index, delta, null, includeUsage, obfuscate));
		}
		// Each call: its id and name with empty arguments, then the arguments in pieces.
		for (int call = 0; call < completion.calls().size(); call++) {
			MockTools.Call toolCall = completion.calls().get(call);
			for (int index = 0; index < choices; index++) {
				ObjectNode delta = Json.object();
				ObjectNode first = toolCallChunk(delta, call);
				first.put("id", toolCall.callId());
				first.put("type", "function");
				ObjectNode function = first.putObject("function");
				function.put("name", toolCall.name());
				function.put("arguments", "");
				events.add(chunk(id, created, model, index, delta, null, includeUsage, obfuscate));
			}
			for (String piece : toolCall.pieces()) {
				for (int index = 0; index < choices; index++) {
					ObjectNode delta = Json.object();
					toolCallChunk(delta, call).putObject("function").put("arguments", piece);
					events.add(chunk(id, created, model, index, delta, null, includeUsage, obfuscate));
				}
			}
		}
		for (String token : completion.calls().isEmpty() ? completion.tokens() : List.<String>of()) {
			for (int index = 0; index < choices; index++) {
				ObjectNode delta = Json.object();
				delta.put("content", token);
				events.add(chunk(id, created, model, index, delta, null, includeUsage, obfuscate));
			}
		}
		for (int index = 0; index < choices; index++) {
			events.add(chunk(id, created, model, index, Json.object(), completion.finishReason(), includeUsage,
					obfuscate));
		}
		if (includeUsage) {
			ObjectNode last = base(id, "chat.completion.chunk", created, model);
			last.put("service_tier", "default");
			last.put("system_fingerprint", SYSTEM_FINGERPRINT);
			last.putArray("choices");
			last.set("usage", usage(completion, choices));
			obfuscation(last, obfuscate);
			events.add(new Reply.Event(null, Json.write(last)));
		}
		events.add(new Reply.Event(null, "[DONE]"));
		return new Reply.Stream(events, (sent) -> new Reply.Event(null, OpenAIError.forStatus(500).toJson()));
	}

	/** Adds {@code "tool_calls": [{"index": index}]} to a delta and returns that tool call, to fill in. */
	private static ObjectNode toolCallChunk(ObjectNode delta, int index) {
		ObjectNode toolCall = delta.putArray("tool_calls").addObject();
		toolCall.put("index", index);
		return toolCall;
	}

	private static Reply.Event chunk(String id, long created, String model, int index, ObjectNode delta,
			String finishReason, boolean includeUsage, boolean obfuscate) {
		ObjectNode chunk = base(id, "chat.completion.chunk", created, model);
		chunk.put("service_tier", "default");
		chunk.put("system_fingerprint", SYSTEM_FINGERPRINT);
		ObjectNode choice = chunk.putArray("choices").addObject();
		choice.put("index", index);
		choice.set("delta", delta);
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason);
		if (includeUsage) {
			chunk.putNull("usage");
		}
		obfuscation(chunk, obfuscate);
		return new Reply.Event(null, Json.write(chunk));
	}

	private static void obfuscation(ObjectNode chunk, boolean obfuscate) {
		if (obfuscate) {
			chunk.put("obfuscation", Requests.newId("", 8));
		}
	}

	private static ObjectNode base(String id, String object, long created, String model) {
		ObjectNode node = Json.object();
		node.put("id", id);
		node.put("object", object);
		node.put("created", created);
		node.put("model", model);
		return node;
	}

	private static ObjectNode usage(Completion completion, int choices) {
		int completionTokens = completion.tokens().size() * choices;
		ObjectNode usage = Json.object();
		usage.put("prompt_tokens", completion.promptTokens());
		usage.put("completion_tokens", completionTokens);
		usage.put("total_tokens", completion.promptTokens() + completionTokens);
		ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
		promptDetails.put("cached_tokens", 0);
		promptDetails.put("audio_tokens", 0);
		ObjectNode completionDetails = usage.putObject("completion_tokens_details");
		completionDetails.put("reasoning_tokens", 0);
		completionDetails.put("audio_tokens", 0);
		completionDetails.put("accepted_prediction_tokens", 0);
		completionDetails.put("rejected_prediction_tokens", 0);
		return usage;
	}

	private static Completion complete(JsonNode request, JsonNode messages) {
		String userText = "";
		int promptTokens = 3;
		List<MockTools.Call> calls = new ArrayList<>();
		// The outputs after the last user message, by call id, answered if the messages end with one.
		Map<String, String> outputs = new LinkedHashMap<>();
		boolean endsWithOutput = false;
		for (JsonNode message : messages) {
			String role = message.path("role").asString("");
			String text = MockContent.contentText(message.path("content"));
			promptTokens += 3 + MockContent.countTokens(text);
			for (JsonNode toolCall : message.path("tool_calls")) {
				JsonNode function = toolCall.path("function");
				String id = toolCall.path("id").asString("");
				calls.add(new MockTools.Call(id, id, function.path("name").asString(""),
						function.path("arguments").asString("")));
				promptTokens += MockContent.countTokens(function.path("arguments").asString(""));
			}
			if (role.equals("user")) {
				userText = text;
				outputs.clear();
			}
			else if (role.equals("tool")) {
				outputs.put(message.path("tool_call_id").asString(""), text);
			}
			endsWithOutput = role.equals("tool");
		}
		String said = endsWithOutput ? MockTools.answer(calls, outputs) : userText;
		String reply = endsWithOutput ? said : MockContent.reply(userText);
		JsonNode responseFormat = request.path("response_format");
		String format = responseFormat.path("type").asString("text");
		if (format.equals("json_schema")) {
			reply = Json.write(MockTools.structured(responseFormat.path("json_schema").path("schema"), said));
		}
		else if (format.equals("json_object")) {
			ObjectNode json = Json.object();
			json.put("echo", said);
			reply = Json.write(json);
		}
		List<MockTools.Call> made = endsWithOutput ? List.of()
				: MockTools.calls(MockTools.functionTools(request), userText, request.path("tool_choice"),
						request.path("parallel_tool_calls").asBoolean(true));
		if (!made.isEmpty()) {
			// The length limit and stop sequences are for text: calls are sent whole.
			List<String> tokens = MockTools.tokens(made);
			return new Completion("", tokens, "tool_calls", promptTokens, made);
		}
		String finishReason = "stop";
		reply = cutAtStopSequence(reply, request.path("stop"));
		List<String> tokens = MockContent.tokens(reply);
		int maxTokens = Requests.optionalInt(request, "max_completion_tokens");
		if (maxTokens < 0) {
			maxTokens = Requests.optionalInt(request, "max_tokens");
		}
		if (maxTokens >= 0 && tokens.size() > maxTokens) {
			tokens = tokens.subList(0, maxTokens);
			finishReason = "length";
		}
		return new Completion(String.join("", tokens), List.copyOf(tokens), finishReason, promptTokens, List.of());
	}

	private static String cutAtStopSequence(String text, JsonNode stop) {
		List<String> sequences = new ArrayList<>();
		if (stop.isString()) {
			sequences.add(stop.asString());
		}
		else if (stop.isArray()) {
			stop.forEach((sequence) -> sequences.add(sequence.asString("")));
		}
		int cut = text.length();
		for (String sequence : sequences) {
			int at = sequence.isEmpty() ? -1 : text.indexOf(sequence);
			if (at >= 0 && at < cut) {
				cut = at;
			}
		}
		return text.substring(0, cut);
	}

	private record Completion(String text, List<String> tokens, String finishReason, int promptTokens,
			List<MockTools.Call> calls) {

	}

}
