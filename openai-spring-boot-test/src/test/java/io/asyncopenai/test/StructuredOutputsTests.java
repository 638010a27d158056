package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a JSON schema format the answer is JSON valid against the schema, checked by the mock's
 * own {@link SchemaInstances} and by an independent validator, with the user's text in the
 * first string that can hold it.
 */
class StructuredOutputsTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	private static final String TEXT = "Plan my trip";

	private static final SchemaRegistry VALIDATOR = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	static Stream<Arguments> schemas() {
		return Stream.of(Arguments.of("flat", """
				{"type": "object", "additionalProperties": false, "required": ["title", "days", "budget", "booked"],
				 "properties": {"title": {"type": "string"}, "days": {"type": "integer", "minimum": 1},
				  "budget": {"type": "number"}, "booked": {"type": "boolean"}}}""", "/title"),
				Arguments.of("nested objects", """
						{"type": "object", "additionalProperties": false, "required": ["traveller"],
						 "properties": {"traveller": {"type": "object", "additionalProperties": false,
						  "required": ["name", "address"], "properties": {"name": {"type": "string"},
						   "address": {"type": "object", "additionalProperties": false, "required": ["city", "zip"],
						    "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}}}}}}""",
						"/traveller/name"),
				Arguments.of("arrays", """
						{"type": "object", "additionalProperties": false, "required": ["stops", "tags"],
						 "properties": {"tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
						  "stops": {"type": "array", "minItems": 2, "items": {"type": "object",
						   "additionalProperties": false, "required": ["place", "nights"],
						   "properties": {"place": {"type": "string"}, "nights": {"type": "integer"}}}}}}""",
						"/stops/0/place"),
				Arguments.of("enums and constants", """
						{"type": "object", "additionalProperties": false, "required": ["mode", "kind", "note"],
						 "properties": {"mode": {"type": "string", "enum": ["train", "plane"]},
						  "kind": {"const": "trip"}, "note": {"type": "string"}}}""", "/note"),
				Arguments.of("nullable unions", """
						{"type": "object", "additionalProperties": false, "required": ["nickname", "count", "choice"],
						 "properties": {"nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]},
						  "count": {"type": ["integer", "null"]},
						  "choice": {"anyOf": [{"type": "null"}, {"type": "object", "additionalProperties": false,
						   "required": ["label"], "properties": {"label": {"type": "string"}}}]}}}""", "/nickname"),
				Arguments.of("definitions and recursion through an array", """
						{"type": "object", "additionalProperties": false, "required": ["tree"],
						 "properties": {"tree": {"$ref": "#/$defs/node"}},
						 "$defs": {"node": {"type": "object", "additionalProperties": false,
						  "required": ["name", "children"], "properties": {"name": {"type": "string"},
						   "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}}""", "/tree/name"),
				Arguments.of("recursion through a nullable union", """
						{"type": "object", "additionalProperties": false, "required": ["head"],
						 "properties": {"head": {"$ref": "#/$defs/item"}},
						 "$defs": {"item": {"type": "object", "additionalProperties": false, "required": ["value", "next"],
						  "properties": {"value": {"type": "string"},
						   "next": {"anyOf": [{"$ref": "#/$defs/item"}, {"type": "null"}]}}}}}""", "/head/value"),
				Arguments.of("recursion to the root", """
						{"type": "object", "additionalProperties": false, "required": ["label", "parts"],
						 "properties": {"label": {"type": "string"}, "parts": {"type": "array", "items": {"$ref": "#"}}}}""",
						"/label"),
				Arguments.of("formats", """
						{"type": "object", "additionalProperties": false,
						 "required": ["day", "at", "when", "stay", "id", "mail", "free"],
						 "properties": {"day": {"type": "string", "format": "date"},
						  "at": {"type": "string", "format": "time"}, "when": {"type": "string", "format": "date-time"},
						  "stay": {"type": "string", "format": "duration"}, "id": {"type": "string", "format": "uuid"},
						  "mail": {"type": "string", "format": "email"}, "free": {"type": "string"}}}""", "/free"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("schemas")
	void responsesAnswerJsonValidAgainstTheSchema(String name, String schema, String echo) {
		JsonNode response = ok(Http.post(mock.server(), "/v1/responses", "{\"model\": \"gpt-4o\", \"input\": \"" + TEXT
				+ "\", \"text\": {\"format\": {\"type\": \"json_schema\", \"name\": \"plan\", \"strict\": true, "
				+ "\"schema\": " + schema + "}}}"));
		assertThat(OpenAPISchemas.validate("Response", response)).isEmpty();
		assertThat(response.at("/text/format/type").asString()).isEqualTo("json_schema");
		assertAnswers(response.at("/output/0/content/0/text").asString(), schema, echo);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("schemas")
	void chatAnswersJsonValidAgainstTheSchema(String name, String schema, String echo) {
		JsonNode completion = ok(Http.post(mock.server(), "/v1/chat/completions", "{\"model\": \"gpt-4o\", "
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"" + TEXT + "\"}], \"response_format\": "
				+ "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"plan\", \"strict\": true, \"schema\": "
				+ schema + "}}}"));
		assertThat(OpenAPISchemas.validate("CreateChatCompletionResponse", completion)).isEmpty();
		assertAnswers(completion.at("/choices/0/message/content").asString(), schema, echo);
	}

	@Test
	void streamedAnswersAreTheSameJson() {
		String schema = schemas().filter((arguments) -> arguments.get()[0].equals("arrays"))
			.findFirst()
			.orElseThrow()
			.get()[1].toString();
		List<Sse.Event> events = Sse.parse(Http.post(mock.server(), "/v1/chat/completions", "{\"model\": \"gpt-4o\", "
				+ "\"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"" + TEXT + "\"}], "
				+ "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"plan\", \"schema\": "
				+ schema + "}}}").body());
		StringBuilder content = new StringBuilder();
		events.subList(0, events.size() - 1)
			.forEach((event) -> content.append(Http.json(event.data()).at("/choices/0/delta/content").asString("")));
		assertAnswers(content.toString(), schema, "/stops/0/place");
		List<Sse.Event> responseEvents = Sse.parse(Http.post(mock.server(), "/v1/responses", "{\"model\": \"gpt-4o\", "
				+ "\"stream\": true, \"input\": \"" + TEXT + "\", \"text\": {\"format\": {\"type\": \"json_schema\", "
				+ "\"name\": \"plan\", \"schema\": " + schema + "}}}").body());
		responseEvents.forEach((event) -> assertThat(OpenAPISchemas.validate("ResponseStreamEvent",
				Http.json(event.data()))).isEmpty());
		JsonNode completed = Http.json(responseEvents.get(responseEvents.size() - 1).data());
		assertAnswers(completed.at("/response/output/0/content/0/text").asString(), schema, "/stops/0/place");
	}

	@Test
	void recursionEndsAtTheFirstArrayOrNull() {
		JsonNode tree = Http.json(answer(schemas().toList().get(5).get()[1].toString()));
		assertThat(tree).isEqualTo(Http.json("{\"tree\": {\"name\": \"" + TEXT + "\", \"children\": []}}"));
		JsonNode list = Http.json(answer(schemas().toList().get(6).get()[1].toString()));
		assertThat(list).isEqualTo(Http.json("{\"head\": {\"value\": \"" + TEXT + "\", \"next\": null}}"));
	}

	@Test
	void unionsGiveAValueRatherThanNull() {
		JsonNode nullable = Http.json(answer(schemas().toList().get(4).get()[1].toString()));
		assertThat(nullable).isEqualTo(
				Http.json("{\"nickname\": \"" + TEXT + "\", \"count\": 0, \"choice\": {\"label\": \"\"}}"));
	}

	@Test
	void arraysHaveAnItemAndFormatsHaveValidValues() {
		JsonNode arrays = Http.json(answer(schemas().toList().get(2).get()[1].toString()));
		assertThat(arrays.get("tags")).hasSize(1);
		assertThat(arrays.get("stops")).hasSize(2);
		JsonNode formats = Http.json(answer(schemas().toList().get(8).get()[1].toString()));
		assertThat(LocalDate.parse(formats.get("day").asString())).isNotNull();
		assertThat(OffsetTime.parse(formats.get("at").asString())).isNotNull();
		assertThat(OffsetDateTime.parse(formats.get("when").asString())).isNotNull();
		assertThat(Duration.parse(formats.get("stay").asString())).isPositive();
		assertThat(UUID.fromString(formats.get("id").asString())).isNotNull();
		assertThat(formats.get("mail").asString()).matches("[^@\\s]+@[^@\\s]+\\.[a-z]+");
	}

	@Test
	void strictSchemasMustBeObjects() {
		String array = "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}";
		HttpResponse<String> responses = Http.post(mock.server(), "/v1/responses", "{\"model\": \"gpt-4o\", "
				+ "\"input\": \"x\", \"text\": {\"format\": {\"type\": \"json_schema\", \"name\": \"plan\", "
				+ "\"strict\": true, \"schema\": " + array + "}}}");
		assertThat(responses.statusCode()).isEqualTo(400);
		assertThat(Http.json(responses).at("/error/type").asString()).isEqualTo("invalid_request_error");
		assertThat(Http.json(responses).at("/error/param").asString()).isEqualTo("text.format.schema");
		assertThat(Http.json(responses).at("/error/message").asString()).contains("'type: \"array\"'");
		HttpResponse<String> chat = Http.post(mock.server(), "/v1/chat/completions", "{\"model\": \"gpt-4o\", "
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"response_format\": {\"type\": "
				+ "\"json_schema\", \"json_schema\": {\"name\": \"plan\", \"strict\": true, \"schema\": " + array + "}}}");
		assertThat(chat.statusCode()).isEqualTo(400);
		assertThat(Http.json(chat).at("/error/param").asString()).isEqualTo("response_format.json_schema.schema");
	}

	@Test
	void jsonObjectStillEchoes() {
		JsonNode completion = ok(Http.post(mock.server(), "/v1/chat/completions", "{\"model\": \"gpt-4o\", "
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"response_format\": {\"type\": \"json_object\"}}"));
		assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo("{\"echo\":\"hi\"}");
	}

	@Test
	void theAnswerToToolOutputsFollowsTheSchema() {
		String schema = "{\"type\": \"object\", \"required\": [\"summary\"], \"additionalProperties\": false, "
				+ "\"properties\": {\"summary\": {\"type\": \"string\"}}}";
		JsonNode completion = ok(Http.post(mock.server(), "/v1/chat/completions", "{\"model\": \"gpt-4o\", "
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"call get_weather for Paris\"}, {\"role\": "
				+ "\"assistant\", \"content\": null, \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\", "
				+ "\"function\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\":\\\"Paris\\\"}\"}}]}, "
				+ "{\"role\": \"tool\", \"tool_call_id\": \"call_1\", \"content\": \"sunny\"}], \"response_format\": "
				+ "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"s\", \"schema\": " + schema + "}}}"));
		assertThat(Http.json(completion.at("/choices/0/message/content").asString()))
			.isEqualTo(Http.json("{\"summary\": \"get_weather(Paris): sunny\"}"));
	}

	private static String answer(String schema) {
		JsonNode completion = ok(Http.post(mock.server(), "/v1/chat/completions", "{\"model\": \"gpt-4o\", "
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"" + TEXT + "\"}], \"response_format\": "
				+ "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"plan\", \"schema\": " + schema + "}}}"));
		return completion.at("/choices/0/message/content").asString();
	}

	/** The answer is JSON valid against the schema for both validators, with the text where expected. */
	private static void assertAnswers(String text, String schemaText, String echo) {
		JsonNode schema = Http.json(schemaText);
		JsonNode answer = Http.json(text);
		assertThat(SchemaInstances.of(schema).conforms(answer, schema)).as(text).isTrue();
		assertThat(VALIDATOR.getSchema(schema).validate(answer)).as(text).isEmpty();
		assertThat(answer.at(echo).asString()).as(text).isEqualTo(TEXT);
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

}
