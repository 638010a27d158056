package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What the mock's model does with function tools and JSON schemas, the same for
 * {@code /v1/responses} and {@code /v1/chat/completions}.
 *
 * <p><b>Which tools it calls.</b> A function tool is named when the last user text contains its
 * name as a whole word (case-sensitive; a letter, digit, {@code _} or {@code -} next to it makes
 * it another word). Each named tool is called, in the order the text first names them. Its
 * arguments are the value {@link SchemaInstances#of(JsonNode)} makes of its {@code parameters}
 * (required properties only). When the text between the name and the next tool's name (or the
 * end of the sentence: {@code ?}, {@code !}, {@code ;}, a line end, or a {@code .} before a space
 * or the end) has {@code for} followed by a list ({@code "for Paris"}, {@code "for Paris and Tokyo"},
 * {@code "for Paris, Tokyo and Oslo"}), the tool is called once per item, the item being put in
 * the first string of the arguments that can hold it: depth first, the first string the mock
 * left empty (it has no {@code enum}, {@code const}, {@code format}, {@code pattern} or
 * {@code minLength}) whose new value keeps the arguments valid. Without such a list, or without
 * such a string, each item gets the generated value as it is. {@code tool_choice: "none"} calls
 * nothing; a {@code tool_choice} naming a function calls only that one, named or not;
 * {@code "required"} calls the first function tool when the text names none;
 * {@code parallel_tool_calls: false} keeps the first call only. Every call has its own
 * {@code call_...} id and its arguments as compact JSON.
 *
 * <p><b>The answer to the tools' outputs.</b> When a conversation ends with tool outputs, the
 * answer lists them, in the order of the calls, as {@code name(argument): output} joined by
 * {@code "; "}: for example {@code "get_weather(Paris): 18°C sunny; get_weather(Tokyo): 22°C cloudy"}.
 * The argument is the call's first non-empty string, depth first, else its arguments' JSON; an
 * output whose call the conversation does not have is written {@code call_id: output}, after
 * the others.
 *
 * <p><b>Structured outputs.</b> With a JSON schema format, the answer is the value
 * {@link SchemaInstances#of(JsonNode)} makes of the schema, with the text the assistant would
 * have said in the first string that can hold it, by the rule for arguments above.
 */
final class MockTools {

	// Characters that make a tool's name part of a longer word.
	private static final String WORD = "A-Za-z0-9_-";

	private static final Pattern SENTENCE_END = Pattern.compile("[?!;\\n]|\\.(?=\\s|$)");

	private static final Pattern FOR = Pattern.compile("(?i)(?<![A-Za-z0-9_])for\\s+");

	private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*(?:and\\s+)?|\\s+and\\s+");

	// Streamed arguments come in pieces that start at a quote, as a model's tokens often do.
	private static final Pattern PIECE = Pattern.compile("(?=\")");

	private MockTools() {
	}

	/**
	 * A function tool of a request.
	 * @param name its name
	 * @param parameters the JSON schema of its arguments, missing if it has none
	 */
	record Tool(String name, JsonNode parameters) {

	}

	/**
	 * A function call of an answer.
	 * @param itemId the id of the Responses API's {@code function_call} item ({@code fc_...})
	 * @param callId the id a tool output names it by ({@code call_...})
	 * @param name the function's name
	 * @param arguments the arguments, a JSON object as a string
	 */
	record Call(String itemId, String callId, String name, String arguments) {

		static Call of(String name, String arguments) {
			return new Call(Requests.newId("fc_", 48), Requests.newId("call_", 24), name, arguments);
		}

		/** The pieces in which a stream sends the arguments: joined, they are the arguments. */
		List<String> pieces() {
			List<String> pieces = new ArrayList<>();
			for (String piece : PIECE.split(this.arguments)) {
				if (!piece.isEmpty()) {
					pieces.add(piece);
				}
			}
			return pieces;
		}

		/** How the final answer names the call's input: its first non-empty string, else its JSON. */
		String mainArgument() {
			try {
				String first = firstString(Json.read(this.arguments));
				return (first != null) ? first : this.arguments;
			}
			catch (RuntimeException ex) {
				return this.arguments;
			}
		}

	}

	/** Tokens calls count: one per streamed piece of their arguments. */
	static List<String> tokens(List<Call> calls) {
		List<String> tokens = new ArrayList<>();
		calls.forEach((call) -> tokens.addAll(call.pieces()));
		return tokens;
	}

	/**
	 * The calls the model makes.
	 * @param tools the request's function tools
	 * @param text the last user text
	 * @param toolChoice the request's {@code tool_choice}, missing if it has none
	 * @param parallel the request's {@code parallel_tool_calls}
	 * @return the calls, empty when the model answers with text
	 */
	static List<Call> calls(List<Tool> tools, String text, JsonNode toolChoice, boolean parallel) {
		if (tools.isEmpty() || "none".equals(toolChoice.asString(""))) {
			return List.of();
		}
		String forced = toolChoice.path("name").asString(toolChoice.path("function").path("name").asString(""));
		Map<Tool, Integer> named = new LinkedHashMap<>();
		for (Tool tool : tools) {
			Matcher matcher = Pattern
				.compile("(?<![" + WORD + "])" + Pattern.quote(tool.name()) + "(?![" + WORD + "])")
				.matcher(text);
			if ((forced.isEmpty() || forced.equals(tool.name())) && matcher.find()) {
				named.put(tool, matcher.start());
			}
		}
		List<Tool> order = new ArrayList<>(named.keySet());
		order.sort(Comparator.comparing(named::get));
		List<Call> calls = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			Tool tool = order.get(i);
			int from = named.get(tool) + tool.name().length();
			int to = (i + 1 < order.size()) ? named.get(order.get(i + 1)) : text.length();
			for (String item : list(text.substring(from, to))) {
				calls.add(Call.of(tool.name(), Json.write(withText(tool.parameters(), item))));
			}
		}
		if (calls.isEmpty() && (!forced.isEmpty() || "required".equals(toolChoice.asString("")))) {
			for (Tool tool : tools) {
				if (forced.isEmpty() || forced.equals(tool.name())) {
					calls.add(Call.of(tool.name(), Json.write(withText(tool.parameters(), null))));
					break;
				}
			}
		}
		return (parallel || calls.size() <= 1) ? calls : List.of(calls.get(0));
	}

	/**
	 * The items of the {@code for} list of what the text says after a tool's name, or one
	 * {@code null} item without a list.
	 */
	private static List<@Nullable String> list(String after) {
		Matcher end = SENTENCE_END.matcher(after);
		String sentence = end.find() ? after.substring(0, end.start()) : after;
		Matcher forList = FOR.matcher(sentence);
		List<@Nullable String> items = new ArrayList<>();
		if (forList.find()) {
			for (String item : LIST_SEPARATOR.split(sentence.substring(forList.end()))) {
				String value = item.strip().replaceAll("^[\"']|[\"']$", "");
				if (!value.isEmpty()) {
					items.add(value);
				}
			}
		}
		if (items.isEmpty()) {
			items.add(null);
		}
		return items;
	}

	/**
	 * The answer to tool outputs.
	 * @param calls the calls of the conversation, in order
	 * @param outputs each output by the id of its call, in the order of the conversation
	 * @return the answer's text
	 */
	static String answer(List<Call> calls, Map<String, String> outputs) {
		List<String> parts = new ArrayList<>();
		Map<String, String> unanswered = new LinkedHashMap<>(outputs);
		for (Call call : calls) {
			String output = unanswered.remove(call.callId());
			if (output != null) {
				parts.add(call.name() + "(" + call.mainArgument() + "): " + output);
			}
		}
		unanswered.forEach((callId, output) -> parts.add(callId + ": " + output));
		return String.join("; ", parts);
	}

	/**
	 * The answer with a JSON schema format: a value of the schema, carrying the text.
	 * @param schema the format's schema
	 * @param text what the assistant would have said, put in the first string that can hold it
	 * @return the value
	 */
	static JsonNode structured(JsonNode schema, String text) {
		return withText(schema, text);
	}

	/**
	 * Why a strict JSON schema format cannot be used, as the API says it.
	 * @param name the format's name
	 * @param schema its schema
	 * @return the error message, or {@code null} if the schema is fine
	 */
	static @Nullable String invalidSchema(String name, JsonNode schema) {
		if (!schema.isObject()) {
			return "Invalid schema for response_format '" + name + "': schema must be a JSON Schema object.";
		}
		JsonNode type = schema.path("type");
		if (!"object".equals(type.asString(""))) {
			return "Invalid schema for response_format '" + name
					+ "': schema must be a JSON Schema of 'type: \"object\"', got 'type: \""
					+ (type.isString() ? type.asString() : "None") + "\"'.";
		}
		return null;
	}

	/** The function tools of a request, in the Responses API's shape or Chat Completions'. */
	static List<Tool> functionTools(JsonNode request) {
		List<Tool> tools = new ArrayList<>();
		for (JsonNode tool : request.path("tools")) {
			if (!"function".equals(tool.path("type").asString(""))) {
				continue;
			}
			JsonNode function = tool.has("function") ? tool.get("function") : tool;
			String name = function.path("name").asString("");
			if (!name.isEmpty()) {
				tools.add(new Tool(name, function.path("parameters")));
			}
		}
		return tools;
	}

	/** A value of the schema, with the text in the first empty string that can hold it. */
	private static JsonNode withText(JsonNode schema, @Nullable String text) {
		if (!schema.isObject()) {
			return Json.object();
		}
		SchemaInstances instances = SchemaInstances.of(schema);
		JsonNode value = instances.generate(schema);
		if (text == null) {
			return value;
		}
		if (value.isString() && value.asString().isEmpty()) {
			StringNode carried = Json.MAPPER.getNodeFactory().stringNode(text);
			return instances.conforms(carried, schema) ? carried : value;
		}
		placeText(value, text, schema, value, instances);
		return value;
	}

	/** Puts the text in the first empty string under a node, depth first, that keeps the whole valid. */
	private static boolean placeText(JsonNode node, String text, JsonNode schema, JsonNode whole,
			SchemaInstances instances) {
		StringNode carried = Json.MAPPER.getNodeFactory().stringNode(text);
		StringNode empty = Json.MAPPER.getNodeFactory().stringNode("");
		if (node instanceof ObjectNode object) {
			for (String name : List.copyOf(object.propertyNames())) {
				JsonNode child = object.get(name);
				if (isEmptyString(child)) {
					object.set(name, carried);
					if (instances.conforms(whole, schema)) {
						return true;
					}
					object.set(name, empty);
				}
				else if (placeText(child, text, schema, whole, instances)) {
					return true;
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode child = array.get(i);
				if (isEmptyString(child)) {
					array.set(i, carried);
					if (instances.conforms(whole, schema)) {
						return true;
					}
					array.set(i, empty);
				}
				else if (placeText(child, text, schema, whole, instances)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isEmptyString(JsonNode node) {
		return node.isString() && node.asString().isEmpty();
	}

	private static @Nullable String firstString(JsonNode node) {
		if (node.isString()) {
			return node.asString().isEmpty() ? null : node.asString();
		}
		for (JsonNode child : node) {
			String found = firstString(child);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

}
