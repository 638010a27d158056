package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Function tools named by the user's text are called, in parallel, one call per item of the
 * list after "for"; the answer to their outputs lists them. Every answer validates against the
 * API description.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class ToolCallsTests {

	private static final String RESPONSES = "/v1/responses";

	private static final String CHAT = "/v1/chat/completions";

	private static final String WEATHER_PARAMETERS = """
			{"type": "object", "properties": {
			  "city": {"type": "string", "description": "The city"},
			  "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
			 "required": ["city"], "additionalProperties": false}""";

	private static final String RESPONSES_TOOLS = "[{\"type\": \"function\", \"name\": \"get_weather\", \"strict\": false, "
			+ "\"description\": \"Weather of a city\", \"parameters\": " + WEATHER_PARAMETERS + "}, "
			+ "{\"type\": \"function\", \"name\": \"get_time\", \"strict\": false, \"parameters\": "
			+ "{\"type\": \"object\", \"properties\": {\"zone\": {\"type\": \"string\"}}, \"required\": [\"zone\"]}}]";

	private static final String CHAT_TOOLS = "[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
			+ "\"parameters\": " + WEATHER_PARAMETERS + "}}, {\"type\": \"function\", \"function\": {\"name\": "
			+ "\"get_time\", \"parameters\": {\"type\": \"object\", \"properties\": {\"zone\": {\"type\": \"string\"}}, "
			+ "\"required\": [\"zone\"]}}}]";

	@Test
	void responsesCallTheNamedToolOncePerCityInOneAnswer(MockOpenAIServer server) {
		JsonNode response = responses(server, "\"input\": \"call get_weather for Paris and Tokyo\"");
		assertValid("Response", response);
		JsonNode output = response.get("output");
		assertThat(output).hasSize(2);
		assertThat(output).extracting((item) -> item.get("type").asString()).containsOnly("function_call");
		assertThat(output).extracting((item) -> item.get("name").asString()).containsOnly("get_weather");
		assertThat(output).extracting((item) -> item.get("status").asString()).containsOnly("completed");
		assertThat(output).extracting((item) -> Http.json(item.get("arguments").asString()))
			.containsExactly(Http.json("{\"city\": \"Paris\"}"), Http.json("{\"city\": \"Tokyo\"}"));
		assertThat(output.get(0).get("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(output).extracting((item) -> item.get("call_id").asString())
			.allMatch((id) -> id.matches("call_[0-9a-f]{24}"))
			.doesNotHaveDuplicates();
		assertThat(output).extracting((item) -> item.get("id").asString()).allMatch((id) -> id.startsWith("fc_"));
		assertThat(response.get("parallel_tool_calls").asBoolean()).isTrue();
		assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(10);
	}

	@Test
	void responsesCallEachNamedToolForItsOwnList(MockOpenAIServer server) {
		JsonNode output = responses(server,
				"\"input\": \"Use get_time for Oslo; get_weather for Paris, Tokyo and Lima.\"").get("output");
		assertThat(output).extracting((item) -> item.get("name").asString() + " " + item.get("arguments").asString())
			.containsExactly("get_time {\"zone\":\"Oslo\"}", "get_weather {\"city\":\"Paris\"}",
					"get_weather {\"city\":\"Tokyo\"}", "get_weather {\"city\":\"Lima\"}");
	}

	@Test
	void responsesCallANamedToolWithoutAListOnceWithTheGeneratedArguments(MockOpenAIServer server) {
		JsonNode output = responses(server, "\"input\": \"What is the get_weather like?\"").get("output");
		assertThat(output).hasSize(1);
		assertThat(output.at("/0/arguments").asString()).isEqualTo("{\"city\":\"\"}");
	}

	@Test
	void responsesStreamEachCallWithArgumentDeltasThatMakeItsArguments(MockOpenAIServer server) {
		List<Sse.Event> events = Sse.parse(Http.post(server, RESPONSES, "{\"model\": \"gpt-4o\", \"stream\": true, "
				+ "\"tools\": " + RESPONSES_TOOLS + ", \"input\": \"call get_weather for Paris and Tokyo\"}").body());
		List<JsonNode> data = events.stream().map((event) -> Http.json(event.data())).toList();
		data.forEach((event) -> assertValid("ResponseStreamEvent", event));
		assertThat(data).extracting((event) -> event.get("sequence_number").asInt())
			.containsExactlyElementsOf(IntStream.range(0, data.size()).boxed().toList());
		assertThat(events).extracting(Sse.Event::name)
			.containsExactly("response.created", "response.in_progress", "response.output_item.added",
					"response.function_call_arguments.delta", "response.function_call_arguments.delta",
					"response.function_call_arguments.delta", "response.function_call_arguments.delta",
					"response.function_call_arguments.delta",
					"response.function_call_arguments.done", "response.output_item.done",
					"response.output_item.added", "response.function_call_arguments.delta",
					"response.function_call_arguments.delta", "response.function_call_arguments.delta",
					"response.function_call_arguments.delta", "response.function_call_arguments.delta",
					"response.function_call_arguments.done",
					"response.output_item.done", "response.completed");
		JsonNode completed = data.get(data.size() - 1).get("response");
		for (int index = 0; index < 2; index++) {
			int outputIndex = index;
			JsonNode added = data.stream()
				.filter((event) -> event.get("type").asString().equals("response.output_item.added")
						&& event.get("output_index").asInt() == outputIndex)
				.findFirst()
				.orElseThrow();
			String itemId = added.at("/item/id").asString();
			assertThat(added.at("/item/arguments").asString()).isEmpty();
			assertThat(added.at("/item/status").asString()).isEqualTo("in_progress");
			StringBuilder arguments = new StringBuilder();
			JsonNode argumentsDone = null;
			JsonNode itemDone = null;
			for (JsonNode event : data) {
				if (!event.path("item_id").asString(event.at("/item/id").asString("")).equals(itemId)) {
					continue;
				}
				assertThat(event.get("output_index").asInt()).isEqualTo(outputIndex);
				switch (event.get("type").asString()) {
					case "response.function_call_arguments.delta" -> arguments.append(event.get("delta").asString());
					case "response.function_call_arguments.done" -> argumentsDone = event;
					case "response.output_item.done" -> itemDone = event;
					default -> {
					}
				}
			}
			String expected = (index == 0) ? "{\"city\":\"Paris\"}" : "{\"city\":\"Tokyo\"}";
			assertThat(arguments).hasToString(expected);
			assertThat(argumentsDone.get("arguments").asString()).isEqualTo(expected);
			assertThat(argumentsDone.get("name").asString()).isEqualTo("get_weather");
			assertThat(itemDone.at("/item/arguments").asString()).isEqualTo(expected);
			assertThat(itemDone.at("/item/status").asString()).isEqualTo("completed");
			assertThat(completed.at("/output/" + index + "/arguments").asString()).isEqualTo(expected);
			assertThat(completed.at("/output/" + index + "/id").asString()).isEqualTo(itemId);
			assertThat(completed.at("/output/" + index + "/call_id").asString())
				.isEqualTo(itemDone.at("/item/call_id").asString());
		}
	}

	@Test
	void responsesAnswerTheOutputsOfThePreviousResponsesCalls(MockOpenAIServer server) {
		JsonNode calls = responses(server, "\"input\": \"call get_weather for Paris and Tokyo\"");
		String paris = calls.at("/output/0/call_id").asString();
		String tokyo = calls.at("/output/1/call_id").asString();
		// Outputs in another order than the calls: the answer follows the calls.
		JsonNode answer = responses(server, "\"previous_response_id\": \"" + calls.get("id").asString()
				+ "\", \"input\": [" + output(tokyo, "22°C cloudy") + ", " + output(paris, "18°C sunny") + "]");
		assertValid("Response", answer);
		assertThat(answer.at("/output/0/type").asString()).isEqualTo("message");
		assertThat(answer.at("/output/0/content/0/text").asString())
			.isEqualTo("get_weather(Paris): 18°C sunny; get_weather(Tokyo): 22°C cloudy");
		assertThat(answer.get("previous_response_id").asString()).isEqualTo(calls.get("id").asString());
	}

	@Test
	void responsesAnswerTheOutputsOfTheCallsInTheWholeConversation(MockOpenAIServer server) {
		JsonNode calls = responses(server, "\"store\": false, \"input\": \"call get_weather for Paris and Tokyo\"");
		String paris = calls.at("/output/0/call_id").asString();
		String tokyo = calls.at("/output/1/call_id").asString();
		JsonNode answer = responses(server, "\"input\": [{\"role\": \"user\", \"content\": \"call get_weather for "
				+ "Paris and Tokyo\"}, " + calls.at("/output/0") + ", " + calls.at("/output/1")
				+ ", " + output(paris, "18°C sunny") + ", {\"type\": \"function_call_output\", \"call_id\": \"" + tokyo
				+ "\", \"output\": [{\"type\": \"input_text\", \"text\": \"22°C cloudy\"}]}]");
		assertValid("Response", answer);
		assertThat(answer.at("/output/0/content/0/text").asString())
			.isEqualTo("get_weather(Paris): 18°C sunny; get_weather(Tokyo): 22°C cloudy");
	}

	@Test
	void responsesStreamTheAnswerToOutputs(MockOpenAIServer server) {
		JsonNode calls = responses(server, "\"input\": \"call get_weather for Paris\"");
		List<Sse.Event> events = Sse.parse(Http.post(server, RESPONSES, "{\"model\": \"gpt-4o\", \"stream\": true, "
				+ "\"previous_response_id\": \"" + calls.get("id").asString() + "\", \"input\": ["
				+ output(calls.at("/output/0/call_id").asString(), "18°C sunny") + "]}").body());
		JsonNode completed = Http.json(events.get(events.size() - 1).data());
		assertThat(completed.at("/response/output/0/content/0/text").asString())
			.isEqualTo("get_weather(Paris): 18°C sunny");
	}

	@Test
	void responsesRefuseAnUnknownPreviousResponse(MockOpenAIServer server) {
		HttpResponse<String> http = Http.post(server, RESPONSES,
				"{\"model\": \"gpt-4o\", \"previous_response_id\": \"resp_missing\", \"input\": \"hi\"}");
		assertThat(http.statusCode()).isEqualTo(400);
		assertThat(Http.json(http).at("/error/param").asString()).isEqualTo("previous_response_id");
	}

	@Test
	void responsesAnswerWithTextWhenToolChoiceIsNone(MockOpenAIServer server) {
		JsonNode response = responses(server,
				"\"tool_choice\": \"none\", \"input\": \"call get_weather for Paris and Tokyo\"");
		assertValid("Response", response);
		assertThat(response.at("/output/0/content/0/text").asString())
			.isEqualTo("Echo: call get_weather for Paris and Tokyo");
		assertThat(response.get("tool_choice").asString()).isEqualTo("none");
	}

	@Test
	void responsesMakeOnlyTheFirstCallWithoutParallelToolCalls(MockOpenAIServer server) {
		JsonNode response = responses(server,
				"\"parallel_tool_calls\": false, \"input\": \"call get_weather for Paris and Tokyo\"");
		assertThat(response.get("output")).hasSize(1);
		assertThat(response.at("/output/0/arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
	}

	@Test
	void responsesAnswerWithTextWhenTheTextNamesNoTool(MockOpenAIServer server) {
		JsonNode response = responses(server, "\"input\": \"what is the weather for Paris? get_weather_now\"");
		assertThat(response.at("/output/0/type").asString()).isEqualTo("message");
		assertThat(response.at("/output/0/content/0/text").asString())
			.isEqualTo("Echo: what is the weather for Paris? get_weather_now");
	}

	@Test
	void responsesCallTheFunctionToolChoiceNamesEvenUnnamed(MockOpenAIServer server) {
		JsonNode response = responses(server,
				"\"tool_choice\": {\"type\": \"function\", \"name\": \"get_time\"}, \"input\": \"hello\"");
		assertValid("Response", response);
		assertThat(response.at("/output/0/name").asString()).isEqualTo("get_time");
		assertThat(response.get("output")).hasSize(1);
	}

	@Test
	void chatCallsTheNamedToolOncePerCityInOneMessage(MockOpenAIServer server) {
		JsonNode completion = chat(server, "[{\"role\": \"user\", \"content\": \"call get_weather for Paris and Tokyo\"}]",
				"");
		assertValid("CreateChatCompletionResponse", completion);
		JsonNode choice = completion.at("/choices/0");
		assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
		assertThat(choice.at("/message/content").isNull()).isTrue();
		JsonNode toolCalls = choice.at("/message/tool_calls");
		assertThat(toolCalls).hasSize(2);
		assertThat(toolCalls).extracting((call) -> call.get("type").asString()).containsOnly("function");
		assertThat(toolCalls).extracting((call) -> call.at("/function/name").asString()).containsOnly("get_weather");
		assertThat(toolCalls).extracting((call) -> call.at("/function/arguments").asString())
			.containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Tokyo\"}");
		assertThat(toolCalls).extracting((call) -> call.get("id").asString())
			.allMatch((id) -> id.startsWith("call_"))
			.doesNotHaveDuplicates();
		assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(10);
	}

	@Test
	void chatStreamsEachCallWithArgumentDeltasThatMakeItsArguments(MockOpenAIServer server) {
		List<Sse.Event> events = Sse.parse(Http.post(server, CHAT, "{\"model\": \"gpt-4o\", \"stream\": true, "
				+ "\"stream_options\": {\"include_usage\": true}, \"tools\": " + CHAT_TOOLS + ", \"messages\": "
				+ "[{\"role\": \"user\", \"content\": \"call get_weather for Paris and Tokyo\"}]}").body());
		assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
		List<JsonNode> chunks = events.subList(0, events.size() - 1)
			.stream()
			.map((event) -> Http.json(event.data()))
			.toList();
		chunks.forEach((chunk) -> assertValid("CreateChatCompletionStreamResponse", chunk));
		Map<Integer, StringBuilder> arguments = new TreeMap<>();
		Map<Integer, String> ids = new TreeMap<>();
		List<String> finishReasons = new ArrayList<>();
		for (JsonNode chunk : chunks) {
			for (JsonNode choice : chunk.get("choices")) {
				if (!choice.get("finish_reason").isNull()) {
					finishReasons.add(choice.get("finish_reason").asString());
				}
				for (JsonNode toolCall : choice.at("/delta/tool_calls")) {
					int index = toolCall.get("index").asInt();
					if (toolCall.has("id")) {
						assertThat(ids).doesNotContainKey(index);
						assertThat(toolCall.get("type").asString()).isEqualTo("function");
						assertThat(toolCall.at("/function/name").asString()).isEqualTo("get_weather");
						ids.put(index, toolCall.get("id").asString());
					}
					assertThat(ids).containsKey(index);
					arguments.computeIfAbsent(index, (key) -> new StringBuilder())
						.append(toolCall.at("/function/arguments").asString());
				}
			}
		}
		assertThat(arguments).hasSize(2);
		assertThat(arguments.get(0)).hasToString("{\"city\":\"Paris\"}");
		assertThat(arguments.get(1)).hasToString("{\"city\":\"Tokyo\"}");
		assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
		assertThat(finishReasons).containsExactly("tool_calls");
		assertThat(chunks.get(0).at("/choices/0/delta/content").isNull()).isTrue();
		assertThat(chunks.get(chunks.size() - 1).at("/usage/completion_tokens").asInt()).isEqualTo(10);
	}

	@Test
	void chatAnswersTheToolMessagesAfterTheCalls(MockOpenAIServer server) {
		JsonNode calls = chat(server, "[{\"role\": \"user\", \"content\": \"call get_weather for Paris and Tokyo\"}]",
				"");
		JsonNode message = calls.at("/choices/0/message");
		String paris = message.at("/tool_calls/0/id").asString();
		String tokyo = message.at("/tool_calls/1/id").asString();
		JsonNode answer = chat(server, "[{\"role\": \"user\", \"content\": \"call get_weather for Paris and Tokyo\"}, "
				+ "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": " + message.get("tool_calls") + "}, "
				+ "{\"role\": \"tool\", \"tool_call_id\": \"" + paris + "\", \"content\": \"18°C sunny\"}, "
				+ "{\"role\": \"tool\", \"tool_call_id\": \"" + tokyo
				+ "\", \"content\": [{\"type\": \"text\", \"text\": \"22°C cloudy\"}]}]", "");
		assertValid("CreateChatCompletionResponse", answer);
		assertThat(answer.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		assertThat(answer.at("/choices/0/message/content").asString())
			.isEqualTo("get_weather(Paris): 18°C sunny; get_weather(Tokyo): 22°C cloudy");
		assertThat(answer.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
	}

	@Test
	void chatAnswersWithTextWhenToolChoiceIsNone(MockOpenAIServer server) {
		JsonNode completion = chat(server, "[{\"role\": \"user\", \"content\": \"call get_weather for Paris\"}]",
				", \"tool_choice\": \"none\"");
		assertThat(completion.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("Echo: call get_weather for Paris");
	}

	@Test
	void chatMakesOnlyTheFirstCallWithoutParallelToolCalls(MockOpenAIServer server) {
		JsonNode completion = chat(server,
				"[{\"role\": \"user\", \"content\": \"call get_weather for Paris and Tokyo\"}]",
				", \"parallel_tool_calls\": false");
		assertThat(completion.at("/choices/0/message/tool_calls")).hasSize(1);
		assertThat(completion.at("/choices/0/message/tool_calls/0/function/arguments").asString())
			.isEqualTo("{\"city\":\"Paris\"}");
	}

	@Test
	void chatAnswersWithTextWhenTheTextNamesNoTool(MockOpenAIServer server) {
		JsonNode completion = chat(server, "[{\"role\": \"user\", \"content\": \"weather for Paris\"}]", "");
		assertValid("CreateChatCompletionResponse", completion);
		assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("Echo: weather for Paris");
		assertThat(completion.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
	}

	private static JsonNode responses(MockOpenAIServer server, String fields) {
		HttpResponse<String> http = Http.post(server, RESPONSES,
				"{\"model\": \"gpt-4o\", \"tools\": " + RESPONSES_TOOLS + ", " + fields + "}");
		assertThat(http.statusCode()).as(http.body()).isEqualTo(200);
		return Http.json(http);
	}

	private static JsonNode chat(MockOpenAIServer server, String messages, String options) {
		HttpResponse<String> http = Http.post(server, CHAT,
				"{\"model\": \"gpt-4o\", \"tools\": " + CHAT_TOOLS + ", \"messages\": " + messages + options + "}");
		assertThat(http.statusCode()).as(http.body()).isEqualTo(200);
		return Http.json(http);
	}

	private static String output(String callId, String output) {
		return "{\"type\": \"function_call_output\", \"call_id\": \"" + callId + "\", \"output\": \"" + output + "\"}";
	}

	private static void assertValid(String schema, JsonNode value) {
		assertThat(OpenAPISchemas.validate(schema, value)).as("%s against %s", value, schema).isEmpty();
	}

}
