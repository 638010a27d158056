package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/chat/completions}: a chat completion object, or a stream of chunks ending
 * with {@code data: [DONE]}.
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
			message.put("content", completion.text());
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
			delta.put("content", "");
			delta.putNull("refusal");
			events.add(chunk(id, created, model, index, delta, null, includeUsage, obfuscate));
		}
		for (String token : completion.tokens()) {
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
		for (JsonNode message : messages) {
			String text = MockContent.contentText(message.path("content"));
			promptTokens += 3 + MockContent.countTokens(text);
			if ("user".equals(message.path("role").asString(""))) {
				userText = text;
			}
		}
		String reply = MockContent.reply(userText);
		String format = request.path("response_format").path("type").asString("text");
		if (format.equals("json_object") || format.equals("json_schema")) {
			ObjectNode json = Json.object();
			json.put("echo", userText);
			reply = Json.write(json);
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
		return new Completion(String.join("", tokens), List.copyOf(tokens), finishReason, promptTokens);
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

	private record Completion(String text, List<String> tokens, String finishReason, int promptTokens) {

	}

}
