package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/responses}: create (a response object, or its stream of typed events), retrieve,
 * delete and cancel.
 *
 * <p>With a {@code file_search} tool, the response first searches its vector stores for the
 * last user input: its output is a {@code file_search_call} (with its results if
 * {@code include} asks for {@code file_search_call.results}), then a message quoting the best
 * chunk found, with a {@code file_citation} per file it drew on.
 *
 * <p>With function tools that the last user input names, the output is their
 * {@code function_call} items instead of a message, streamed with their arguments' deltas. An
 * input that ends with {@code function_call_output} items is answered with a message listing
 * the outputs, whose calls are the input's {@code function_call} items and those of the
 * {@code previous_response_id}'s response. With {@code text.format} of type
 * {@code json_schema}, the message is a JSON value of the schema. {@link MockTools} says the
 * rules.
 */
final class ResponsesEndpoint {

	private static final int DEFAULT_FILE_SEARCH_RESULTS = 10;

	private final Map<String, Stored> stored = new ConcurrentHashMap<>();

	private final FileSearch fileSearch;

	ResponsesEndpoint(FileSearch fileSearch) {
		this.fileSearch = fileSearch;
	}

	/**
	 * Searches a vector store, as the {@code file_search} tool does.
	 */
	@FunctionalInterface
	interface FileSearch {

		List<VectorStoresEndpoint.SearchHit> search(String vectorStoreId, String query, int maxResults);

	}

	Reply create(String body) {
		return Requests.withModel(body, Requests.missingParameter("model"), this::create);
	}

	private Reply create(JsonNode request, String model) {
		JsonNode format = request.path("text").path("format");
		if ("json_schema".equals(format.path("type").asString("")) && format.path("strict").asBoolean(false)) {
			String invalid = MockTools.invalidSchema(format.path("name").asString(""), format.path("schema"));
			if (invalid != null) {
				return Requests.invalidParameter("text.format.schema", invalid);
			}
		}
		List<MockTools.Call> earlier = new ArrayList<>();
		JsonNode previous = request.path("previous_response_id");
		if (previous.isString()) {
			Stored stored = this.stored.get(previous.asString());
			if (stored == null) {
				return Requests.error(400,
						new OpenAIError("Previous response with id '" + previous.asString() + "' not found.",
								"invalid_request_error", "previous_response_id", "previous_response_not_found"));
			}
			earlier.addAll(functionCalls(stored.response().path("output")));
		}
		Draft draft = draft(request, model, this.fileSearch, earlier);
		boolean store = request.path("store").asBoolean(true);
		if (request.path("stream").asBoolean(false)) {
			boolean background = request.path("background").asBoolean(false);
			if (store || background) {
				// A background stream can be streamed again, from any event on (see resume).
				this.stored.put(draft.id(), new Stored(draft.finished(), false, background ? draft : null));
			}
			return stream(draft);
		}
		if (request.path("background").asBoolean(false)) {
			ObjectNode queued = draft.response("queued", List.of(), null);
			queued.put("background", true);
			this.stored.put(draft.id(), new Stored(queued, true, null));
			return ok(queued);
		}
		ObjectNode finished = draft.finished();
		if (store) {
			this.stored.put(draft.id(), new Stored(finished, false, null));
		}
		return ok(finished);
	}

	Reply retrieve(String id) {
		Stored response = this.stored.get(id);
		if (response == null) {
			return notFound(id);
		}
		if (response.queued()) {
			// A background response finishes the first time someone looks at it again.
			ObjectNode finished = response.response().deepCopy();
			finished.put("status", "completed");
			this.stored.replace(id, response, new Stored(finished, false, null));
			return ok(finished);
		}
		return ok(response.response());
	}

	/**
	 * Streams a background response again from the event after {@code startingAfter}, as a
	 * client that lost its stream asks with {@code GET /v1/responses/{id}?stream=true}.
	 * @param id the response's id
	 * @param startingAfter the sequence number of the last event the client has, or -1
	 * @return the rest of the stream, or the API's error
	 */
	Reply resume(String id, long startingAfter) {
		Stored response = this.stored.get(id);
		if (response == null) {
			return notFound(id);
		}
		if (response.streamed() == null) {
			return Requests.error(400, new OpenAIError("Only responses created with background=true and stream=true "
					+ "can be streamed again.", "invalid_request_error", "stream", null));
		}
		Reply.Stream whole = stream(response.streamed());
		int from = (int) Math.max(0, Math.min(startingAfter + 1, whole.events().size()));
		return new Reply.Stream(whole.events().subList(from, whole.events().size()), whole.errorAfter());
	}

	Reply delete(String id) {
		if (this.stored.remove(id) == null) {
			return notFound(id);
		}
		ObjectNode deleted = Json.object();
		deleted.put("id", id);
		deleted.put("object", "response");
		deleted.put("deleted", true);
		return ok(deleted);
	}

	Reply cancel(String id) {
		Stored response = this.stored.get(id);
		if (response == null) {
			return notFound(id);
		}
		if (!response.response().path("background").asBoolean(false)) {
			return Requests.error(400, new OpenAIError("Only responses created with background=true can be cancelled.",
					"invalid_request_error", null, null));
		}
		if (!response.queued()) {
			return Requests.error(400, new OpenAIError("Cannot cancel a response that has already completed.",
					"invalid_request_error", null, null));
		}
		ObjectNode cancelled = response.response().deepCopy();
		cancelled.put("status", "cancelled");
		this.stored.put(id, new Stored(cancelled, false, null));
		return ok(cancelled);
	}

	void reset() {
		this.stored.clear();
	}

	private Reply.Stream stream(Draft draft) {
		List<ObjectNode> events = new ArrayList<>();
		events.add(event("response.created", "response", draft.response("in_progress", List.of(), null)));
		events.add(event("response.in_progress", "response", draft.response("in_progress", List.of(), null)));
		if (draft.fileSearch() != null) {
			ObjectNode searchAdded = event("response.output_item.added", null, null);
			searchAdded.put("output_index", 0);
			searchAdded.set("item", draft.fileSearch().item("in_progress", false));
			events.add(searchAdded);
			for (String phase : List.of("in_progress", "searching", "completed")) {
				ObjectNode progress = event("response.file_search_call." + phase, null, null);
				progress.put("output_index", 0);
				progress.put("item_id", draft.fileSearch().id());
				events.add(progress);
			}
			ObjectNode searchDone = event("response.output_item.done", null, null);
			searchDone.put("output_index", 0);
			searchDone.set("item", draft.fileSearch().item("completed", draft.includesSearchResults()));
			events.add(searchDone);
		}
		if (!draft.calls().isEmpty()) {
			addCallEvents(draft, events);
		}
		else {
			addMessageEvents(draft, events);
		}
		events.add(event(draft.incomplete() ? "response.incomplete" : "response.completed", "response",
				draft.finished()));
		List<Reply.Event> sse = new ArrayList<>();
		for (int sequence = 0; sequence < events.size(); sequence++) {
			ObjectNode event = events.get(sequence);
			event.put("sequence_number", sequence);
			sse.add(new Reply.Event(event.path("type").asString(), Json.write(event)));
		}
		return new Reply.Stream(sse, (sent) -> {
			ObjectNode error = event("error", null, null);
			error.put("code", "server_error");
			error.put("message", OpenAIError.forStatus(500).message());
			error.putNull("param");
			error.put("sequence_number", sent);
			return new Reply.Event("error", Json.write(error));
		});
	}

	/** Each call: added without arguments, its arguments in pieces, then done. */
	private static void addCallEvents(Draft draft, List<ObjectNode> events) {
		for (int i = 0; i < draft.calls().size(); i++) {
			MockTools.Call call = draft.calls().get(i);
			int index = draft.messageIndex() + i;
			ObjectNode added = event("response.output_item.added", null, null);
			added.put("output_index", index);
			added.set("item", functionCall(call, "in_progress", ""));
			events.add(added);
			for (String piece : call.pieces()) {
				ObjectNode delta = event("response.function_call_arguments.delta", null, null);
				delta.put("item_id", call.itemId());
				delta.put("output_index", index);
				delta.put("delta", piece);
				events.add(delta);
			}
			ObjectNode argumentsDone = event("response.function_call_arguments.done", null, null);
			argumentsDone.put("item_id", call.itemId());
			argumentsDone.put("output_index", index);
			argumentsDone.put("name", call.name());
			argumentsDone.put("arguments", call.arguments());
			events.add(argumentsDone);
			ObjectNode done = event("response.output_item.done", null, null);
			done.put("output_index", index);
			done.set("item", functionCall(call, "completed", call.arguments()));
			events.add(done);
		}
	}

	private static ObjectNode functionCall(MockTools.Call call, String status, String arguments) {
		ObjectNode item = Json.object();
		item.put("id", call.itemId());
		item.put("type", "function_call");
		item.put("status", status);
		item.put("arguments", arguments);
		item.put("call_id", call.callId());
		item.put("name", call.name());
		return item;
	}

	/** The calls among output (or input) items, in order. */
	private static List<MockTools.Call> functionCalls(JsonNode items) {
		List<MockTools.Call> calls = new ArrayList<>();
		for (JsonNode item : items) {
			if ("function_call".equals(item.path("type").asString(""))) {
				calls.add(new MockTools.Call(item.path("id").asString(""), item.path("call_id").asString(""),
						item.path("name").asString(""), item.path("arguments").asString("")));
			}
		}
		return calls;
	}

	private static void addMessageEvents(Draft draft, List<ObjectNode> events) {
		ObjectNode added = event("response.output_item.added", null, null);
		added.put("output_index", draft.messageIndex());
		added.set("item", draft.message("in_progress", null));
		events.add(added);
		ObjectNode partAdded = textEvent("response.content_part.added", draft);
		partAdded.set("part", outputText(""));
		events.add(partAdded);
		for (String token : draft.tokens()) {
			ObjectNode delta = textEvent("response.output_text.delta", draft);
			delta.put("delta", token);
			delta.putArray("logprobs");
			events.add(delta);
		}
		ObjectNode textDone = textEvent("response.output_text.done", draft);
		textDone.put("text", draft.text());
		textDone.putArray("logprobs");
		events.add(textDone);
		ObjectNode partDone = textEvent("response.content_part.done", draft);
		partDone.set("part", draft.outputText(draft.text()));
		events.add(partDone);
		ObjectNode itemDone = event("response.output_item.done", null, null);
		itemDone.put("output_index", draft.messageIndex());
		itemDone.set("item", draft.message(draft.incomplete() ? "incomplete" : "completed", draft.text()));
		events.add(itemDone);
	}

	private static ObjectNode event(String type, @Nullable String field, @Nullable ObjectNode value) {
		ObjectNode event = Json.object();
		event.put("type", type);
		if (field != null) {
			event.set(field, value);
		}
		return event;
	}

	private static ObjectNode textEvent(String type, Draft draft) {
		ObjectNode event = event(type, null, null);
		event.put("item_id", draft.messageId());
		event.put("output_index", draft.messageIndex());
		event.put("content_index", 0);
		return event;
	}

	private static ObjectNode outputText(String text) {
		ObjectNode part = Json.object();
		part.put("type", "output_text");
		part.put("text", text);
		part.putArray("annotations");
		part.putArray("logprobs");
		return part;
	}

	private static Reply ok(ObjectNode body) {
		return new Reply.Json(200, Json.write(body));
	}

	private static Reply notFound(String id) {
		return Requests.error(404,
				new OpenAIError("Response with id '" + id + "' not found.", "invalid_request_error", null, null));
	}

	/**
	 * Makes the response to a request.
	 * @param earlier the function calls of the previous response, which outputs may answer
	 */
	private static Draft draft(JsonNode request, String model, FileSearch search, List<MockTools.Call> earlier) {
		JsonNode input = request.path("input");
		String userText = "";
		int inputTokens = MockContent.countTokens(request.path("instructions").asString(""));
		List<MockTools.Call> calls = new ArrayList<>(earlier);
		// The outputs after the last user input, by call id, answered if the input ends with one.
		Map<String, String> outputs = new LinkedHashMap<>();
		boolean endsWithOutput = false;
		if (input.isString()) {
			userText = input.asString();
			inputTokens += MockContent.countTokens(userText);
		}
		else if (input.isArray()) {
			calls.addAll(functionCalls(input));
			for (JsonNode item : input) {
				String type = item.path("type").asString("");
				String text = switch (type) {
					case "function_call" -> item.path("arguments").asString("");
					case "function_call_output" -> outputText(item.path("output"));
					default -> MockContent.contentText(item.path("content"));
				};
				inputTokens += 3 + MockContent.countTokens(text);
				if ("user".equals(item.path("role").asString(""))) {
					userText = text;
					outputs.clear();
				}
				else if (type.equals("function_call_output")) {
					outputs.put(item.path("call_id").asString(""), text);
				}
				endsWithOutput = type.equals("function_call_output");
			}
		}
		String said;
		String reply;
		List<MockTools.Call> made = List.of();
		FileSearchCall fileSearch = null;
		if (endsWithOutput) {
			said = MockTools.answer(calls, outputs);
			reply = said;
		}
		else {
			fileSearch = fileSearch(request, userText, search);
			said = (fileSearch != null) ? fileSearch.reply() : userText;
			reply = (fileSearch != null) ? fileSearch.reply() : MockContent.reply(userText);
			if (fileSearch == null) {
				made = MockTools.calls(MockTools.functionTools(request), userText, request.path("tool_choice"),
						request.path("parallel_tool_calls").asBoolean(true));
			}
		}
		JsonNode format = request.path("text").path("format");
		if ("json_schema".equals(format.path("type").asString(""))) {
			reply = Json.write(MockTools.structured(format.path("schema"), said));
		}
		List<String> tokens = made.isEmpty() ? MockContent.tokens(reply) : MockTools.tokens(made);
		int maxTokens = Requests.optionalInt(request, "max_output_tokens");
		boolean incomplete = made.isEmpty() && maxTokens >= 0 && tokens.size() > maxTokens;
		if (incomplete) {
			tokens = tokens.subList(0, maxTokens);
		}
		return new Draft(request, model, Requests.newId("resp_", 48), Requests.newId("msg_", 48),
				Requests.nowSeconds(), List.copyOf(tokens), incomplete, Math.max(inputTokens, 1), fileSearch,
				List.copyOf(made));
	}

	/** A function call output's text: a string, or the text of its content parts. */
	private static String outputText(JsonNode output) {
		return output.isString() ? output.asString() : MockContent.contentText(output);
	}

	/** The search a {@code file_search} tool of the request makes, or {@code null} without one. */
	private static @Nullable FileSearchCall fileSearch(JsonNode request, String query, FileSearch search) {
		for (JsonNode tool : request.path("tools")) {
			if (!"file_search".equals(tool.path("type").asString(""))) {
				continue;
			}
			int max = tool.path("max_num_results").asInt(DEFAULT_FILE_SEARCH_RESULTS);
			List<VectorStoresEndpoint.SearchHit> hits = new ArrayList<>();
			for (JsonNode store : tool.path("vector_store_ids")) {
				hits.addAll(search.search(store.asString(), query, max));
			}
			hits.sort((a, b) -> Double.compare(b.score(), a.score()));
			return new FileSearchCall(Requests.newId("fs_", 48), query, List.copyOf(hits.subList(0, Math.min(max, hits.size()))));
		}
		return null;
	}

	/**
	 * The file search of a response: its query and what it found, best first.
	 */
	private record FileSearchCall(String id, String query, List<VectorStoresEndpoint.SearchHit> hits) {

		/** The answer: the best chunk, quoted with its file's name. */
		String reply() {
			if (this.hits.isEmpty()) {
				return "I found nothing about \"" + this.query + "\" in the files.";
			}
			VectorStoresEndpoint.SearchHit best = this.hits.get(0);
			return "From " + best.filename() + ": " + best.text().strip();
		}

		ObjectNode item(String status, boolean withResults) {
			ObjectNode item = Json.object();
			item.put("id", this.id);
			item.put("type", "file_search_call");
			item.put("status", status);
			item.putArray("queries").add(this.query);
			if (withResults) {
				ArrayNode results = item.putArray("results");
				for (VectorStoresEndpoint.SearchHit hit : this.hits) {
					ObjectNode result = results.addObject();
					result.put("file_id", hit.fileId());
					result.put("filename", hit.filename());
					result.put("score", hit.score());
					result.set("attributes", hit.attributes());
					result.put("text", hit.text());
				}
			}
			else {
				item.putNull("results");
			}
			return item;
		}

	}

	/**
	 * A stored response.
	 * @param response its JSON
	 * @param queued whether it is a background response that has not finished yet
	 * @param streamed what made it, for a background response that was streamed
	 */
	private record Stored(ObjectNode response, boolean queued, @Nullable Draft streamed) {

	}

	/**
	 * One response being made: everything needed to write it in each of its states.
	 */
	private record Draft(JsonNode request, String model, String id, String messageId, long createdAt,
			List<String> tokens, boolean incomplete, int inputTokens, @Nullable FileSearchCall fileSearch,
			List<MockTools.Call> calls) {

		String text() {
			return String.join("", this.tokens);
		}

		/** Where the message is in the output: after the file search, if there is one. */
		int messageIndex() {
			return (this.fileSearch != null) ? 1 : 0;
		}

		boolean includesSearchResults() {
			for (JsonNode include : this.request.path("include")) {
				if ("file_search_call.results".equals(include.asString(""))) {
					return true;
				}
			}
			return false;
		}

		/** The message's text, citing the file the answer quotes. */
		ObjectNode outputText(String text) {
			ObjectNode part = ResponsesEndpoint.outputText(text);
			if (this.fileSearch != null && !this.fileSearch.hits().isEmpty() && !text.isEmpty()) {
				VectorStoresEndpoint.SearchHit best = this.fileSearch.hits().get(0);
				ObjectNode citation = ((ArrayNode) part.get("annotations")).addObject();
				citation.put("type", "file_citation");
				citation.put("file_id", best.fileId());
				citation.put("filename", best.filename());
				citation.put("index", text.length());
			}
			return part;
		}

		ObjectNode message(String status, @Nullable String text) {
			ObjectNode message = Json.object();
			message.put("id", this.messageId);
			message.put("type", "message");
			message.put("status", status);
			message.put("role", "assistant");
			ArrayNode content = message.putArray("content");
			if (text != null) {
				content.add(outputText(text));
			}
			return message;
		}

		ObjectNode finished() {
			String status = this.incomplete ? "incomplete" : "completed";
			List<ObjectNode> output = new ArrayList<>();
			if (this.fileSearch != null) {
				output.add(this.fileSearch.item("completed", includesSearchResults()));
			}
			if (this.calls.isEmpty()) {
				output.add(message(status, text()));
			}
			for (MockTools.Call call : this.calls) {
				output.add(functionCall(call, "completed", call.arguments()));
			}
			ObjectNode response = response(status, output, usage());
			if (!this.incomplete) {
				response.put("completed_at", Requests.nowSeconds());
			}
			else {
				response.putObject("incomplete_details").put("reason", "max_output_tokens");
			}
			return response;
		}

		ObjectNode response(String status, List<ObjectNode> output, @Nullable ObjectNode usage) {
			ObjectNode response = Json.object();
			response.put("id", this.id);
			response.put("object", "response");
			response.put("created_at", this.createdAt);
			response.put("status", status);
			response.put("background", this.request.path("background").asBoolean(false));
			response.putNull("completed_at");
			response.putNull("error");
			response.putNull("incomplete_details");
			response.set("instructions", nullable("instructions"));
			response.set("max_output_tokens", nullable("max_output_tokens"));
			response.put("model", this.model);
			response.putArray("output").addAll(output);
			response.put("parallel_tool_calls", this.request.path("parallel_tool_calls").asBoolean(true));
			response.set("previous_response_id", nullable("previous_response_id"));
			ObjectNode reasoning = response.putObject("reasoning");
			reasoning.putNull("effort");
			reasoning.putNull("summary");
			response.put("store", this.request.path("store").asBoolean(true));
			response.put("temperature", this.request.path("temperature").asDouble(1.0));
			JsonNode format = this.request.path("text").path("format");
			if (format.isObject() && format.path("type").isString()) {
				response.putObject("text").set("format", format);
			}
			else {
				response.putObject("text").putObject("format").put("type", "text");
			}
			JsonNode toolChoice = this.request.path("tool_choice");
			if (toolChoice.isString() || toolChoice.isObject()) {
				response.set("tool_choice", toolChoice);
			}
			else {
				response.put("tool_choice", "auto");
			}
			JsonNode tools = this.request.path("tools");
			response.set("tools", tools.isArray() ? tools : Json.MAPPER.createArrayNode());
			response.put("top_p", this.request.path("top_p").asDouble(1.0));
			response.put("truncation", "disabled");
			// The description has no null for these two: a response without them leaves them out.
			if (usage != null) {
				response.set("usage", usage);
			}
			JsonNode user = this.request.path("user");
			if (user.isString()) {
				response.set("user", user);
			}
			JsonNode metadata = this.request.path("metadata");
			response.set("metadata", metadata.isObject() ? metadata : Json.object());
			return response;
		}

		private ObjectNode usage() {
			ObjectNode usage = Json.object();
			usage.put("input_tokens", this.inputTokens);
			ObjectNode inputDetails = usage.putObject("input_tokens_details");
			inputDetails.put("cached_tokens", 0);
			inputDetails.put("cache_write_tokens", 0);
			usage.put("output_tokens", this.tokens.size());
			usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
			usage.put("total_tokens", this.inputTokens + this.tokens.size());
			return usage;
		}

		private JsonNode nullable(String field) {
			JsonNode value = this.request.path(field);
			return (value.isMissingNode()) ? Json.MAPPER.nullNode() : value;
		}

	}

}
