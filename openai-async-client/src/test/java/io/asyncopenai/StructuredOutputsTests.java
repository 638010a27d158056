package io.asyncopenai;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.StructuredOutputException;
import io.asyncopenai.models.ResponseFormatJsonSchema;
import io.asyncopenai.models.ResponseTextParam;
import io.asyncopenai.models.TextResponseFormatJsonSchema;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.chat.completions.ParsedChatCompletion;
import io.asyncopenai.models.chat.completions.ParsedChatCompletionStreamEvent;
import io.asyncopenai.models.responses.ParsedResponse;
import io.asyncopenai.models.responses.ParsedResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(MockOpenAIServerExtension.class)
class StructuredOutputsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	enum Sky {

		CLEAR, CLOUDY, RAIN

	}

	record Forecast(@JsonPropertyDescription("The city, as the user named it") String city, int highCelsius,
			Sky sky, List<Hour> hours) {

	}

	record Hour(int hour, double celsius) {

	}

	record Unsupported(String name, Map<String, Object> extra) {

	}

	@Test
	void responsesParseAsksForTheTypesStrictSchemaAndReadsTheAnswerIntoIt(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			ParsedResponse<Forecast> parsed = client.openai()
				.responses()
				.parse(ResponseCreateParams.builder().model("gpt-4o").input("Lyon").build(), Forecast.class)
				.block(TestClient.TIMEOUT);
			assertThat(parsed.isRefusal()).isFalse();
			assertThat(parsed.parsed().city()).isEqualTo("Lyon");
			assertThat(parsed.parsed().sky()).isNotNull();
			assertThat(parsed.parsed().hours()).isNotEmpty();
			assertThat(parsed.response().outputText()).startsWith("{");
		}
		JsonNode format = JSON.readTree(server.lastRequest().body()).path("text").path("format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("name").asString()).isEqualTo("Forecast");
		assertThat(format.path("strict").asBoolean()).isTrue();
		assertThat(format.path("schema").path("additionalProperties").asBoolean(true)).isFalse();
		assertThat(format.path("schema").path("required")).extracting(JsonNode::asString)
			.containsExactly("city", "high_celsius", "sky", "hours");
		assertThat(format.path("schema").path("properties").path("city").path("description").asString())
			.isEqualTo("The city, as the user named it");
	}

	@Test
	void chatParseReadsEveryChoiceIntoTheType(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			ParsedChatCompletion<Forecast> parsed = client.openai()
				.chat()
				.completions()
				.parse(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Oslo").n(2).build(),
						Forecast.class)
				.block(TestClient.TIMEOUT);
			assertThat(parsed.choices()).hasSize(2).allSatisfy((choice) -> {
				assertThat(choice.isRefusal()).isFalse();
				assertThat(choice.parsed().city()).isEqualTo("Oslo");
			});
			assertThat(parsed.parsed().city()).isEqualTo("Oslo");
		}
		JsonNode format = JSON.readTree(server.lastRequest().body()).path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("name").asString()).isEqualTo("Forecast");
		assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
	}

	@Test
	void builderShortcutsSetTheSameFormatsAndParseKeepsAFormatAlreadyAskedFor(MockOpenAIServer server) {
		ResponseCreateParams byType = ResponseCreateParams.builder().model("gpt-4o").input("x").text(Forecast.class)
			.build();
		assertThat(byType.text().format()).isInstanceOfSatisfying(
				io.asyncopenai.models.TextResponseFormatConfiguration.JsonSchema.class,
				(format) -> assertThat(format.value().name()).isEqualTo("Forecast"));
		ChatCompletionCreateParams chatByType = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage("x")
			.responseFormat(Forecast.class)
			.build();
		assertThat(chatByType.responseFormat()).isInstanceOf(ChatCompletionCreateParams.ResponseFormat.JsonSchema.class);
		ResponseCreateParams handWritten = ResponseCreateParams.builder()
			.model("gpt-4o")
			.input("Paris")
			.text(ResponseTextParam.builder()
				.format(TextResponseFormatJsonSchema.builder()
					.name("city_only")
					.schema(Map.of("type", JSON.getNodeFactory().stringNode("object"), "properties",
							JSON.readTree("{\"city\":{\"type\":\"string\"}}"), "required",
							JSON.readTree("[\"city\"]"), "additionalProperties",
							JSON.getNodeFactory().booleanNode(false)))
					.strict(true)
					.build())
				.build())
			.build();
		try (TestClient client = TestClient.of(server)) {
			record CityOnly(String city) {
			}
			ParsedResponse<CityOnly> parsed = client.openai()
				.responses()
				.parse(handWritten, CityOnly.class)
				.block(TestClient.TIMEOUT);
			assertThat(parsed.parsed().city()).isEqualTo("Paris");
		}
		assertThat(JSON.readTree(server.lastRequest().body()).path("text").path("format").path("name").asString())
			.isEqualTo("city_only");
		assertThat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("n").build())
			.build()
			.type()).isEqualTo("json_schema");
	}

	@Test
	void aRefusalIsReportedAsARefusalNotAsAParseError(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\",\"model\":\"gpt-4o\","
					+ "\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\","
					+ "\"content\":[{\"type\":\"refusal\",\"refusal\":\"I cannot help with that.\"}]}]}"));
		server.enqueue(Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
					+ "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":null,"
					+ "\"refusal\":\"No.\"}}]}"));
		try (TestClient client = TestClient.of(server)) {
			ParsedResponse<Forecast> response = client.openai()
				.responses()
				.parse(ResponseCreateParams.builder().model("gpt-4o").input("x").build(), Forecast.class)
				.block(TestClient.TIMEOUT);
			assertThat(response.isRefusal()).isTrue();
			assertThat(response.refusal()).isEqualTo("I cannot help with that.");
			assertThat(response.parsed()).isNull();
			ParsedChatCompletion<Forecast> chat = client.openai()
				.chat()
				.completions()
				.parse(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("x").build(), Forecast.class)
				.block(TestClient.TIMEOUT);
			assertThat(chat.refusal()).isEqualTo("No.");
			assertThat(chat.choices().get(0).isRefusal()).isTrue();
		}
	}

	@Test
	void anAnswerCutOffOrNotFittingTheTypeFailsWithTheModelsText(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
					+ "\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"city\\\":\\\"Ly\"}}]}"));
		server.enqueue(Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
					+ "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"Sunny, 21 degrees\"}}]}"));
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage("x")
			.build();
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().parse(params, Forecast.class))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(
						StructuredOutputException.class, (cut) -> {
							assertThat(cut).hasMessageContaining("stopped (length)").hasMessageContaining("Forecast");
							assertThat(cut.output()).isEqualTo("{\"city\":\"Ly");
						}))
				.verify(TestClient.TIMEOUT);
			StepVerifier.create(client.openai().chat().completions().parse(params, Forecast.class))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(
						StructuredOutputException.class, (unfit) -> {
							assertThat(unfit).hasMessageContaining("Could not read the model's answer as Forecast");
							assertThat(unfit.output()).isEqualTo("Sunny, 21 degrees");
						}))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void anIncompleteResponseFailsNamingWhyItStopped(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":\"incomplete\","
					+ "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"model\":\"gpt-4o\",\"output\":[{\"type\":"
					+ "\"message\",\"id\":\"msg_1\",\"status\":\"incomplete\",\"role\":\"assistant\",\"content\":[{\"type\":"
					+ "\"output_text\",\"text\":\"{\\\"city\\\"\",\"annotations\":[]}]}]}"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.responses()
					.parse(ResponseCreateParams.builder().model("gpt-4o").input("x").build(), Forecast.class))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(StructuredOutputException.class)
					.hasMessageContaining("max_output_tokens"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void theStreamedVariantPassesTheDeltasThroughAndEndsWithTheParsedAnswer(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			List<ParsedResponseStreamEvent<Forecast>> events = client.openai()
				.responses()
				.parseStreaming(ResponseCreateParams.builder().model("gpt-4o").input("Kyoto").build(), Forecast.class)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).last().isInstanceOfSatisfying(ParsedResponseStreamEvent.Parsed.class,
					(parsed) -> assertThat(((Forecast) parsed.response().parsed()).city()).isEqualTo("Kyoto"));
			String deltas = events.stream()
				.filter((event) -> event instanceof ParsedResponseStreamEvent.Streamed<Forecast> streamed
						&& streamed.event() instanceof ResponseTextDeltaEvent)
				.map((event) -> ((ResponseTextDeltaEvent) ((ParsedResponseStreamEvent.Streamed<Forecast>) event).event())
					.delta())
				.reduce("", String::concat);
			assertThat(JSON.readTree(deltas).path("city").asString()).isEqualTo("Kyoto");
			assertThat(events).filteredOn(ParsedResponseStreamEvent.Parsed.class::isInstance).hasSize(1);
		}
	}

	@Test
	void theStreamedChatVariantPassesTheChunksThroughAndEndsWithEachChoiceParsed(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			List<ParsedChatCompletionStreamEvent<Forecast>> events = client.openai()
				.chat()
				.completions()
				.parseStreaming(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Quito").n(2).build(),
						Forecast.class)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).last().isInstanceOfSatisfying(ParsedChatCompletionStreamEvent.Parsed.class, (parsed) -> {
				assertThat(((Forecast) parsed.completion().parsed()).city()).isEqualTo("Quito");
				assertThat(parsed.completion().choices()).hasSize(2);
				assertThat(parsed.completion().completion().choices().get(1).finishReason()).isEqualTo("stop");
			});
			String deltas = events.stream()
				.filter(ParsedChatCompletionStreamEvent.Streamed.class::isInstance)
				.flatMap((event) -> ((ParsedChatCompletionStreamEvent.Streamed<Forecast>) event).chunk().choices().stream())
				.filter((choice) -> choice.index() == 0 && choice.delta().content() != null)
				.map((choice) -> choice.delta().content())
				.reduce("", String::concat);
			assertThat(JSON.readTree(deltas).path("city").asString()).isEqualTo("Quito");
		}
	}

	@Test
	void aTypeStrictSchemasCannotDescribeFailsNamingTheFieldAndSendsNothing(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.responses()
					.parse(ResponseCreateParams.builder().model("gpt-4o").input("x").build(), Unsupported.class))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IllegalArgumentException.class)
					.hasMessageContaining("Unsupported.extra"))
				.verify(TestClient.TIMEOUT);
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> ChatCompletionCreateParams.builder().responseFormat(Unsupported.class))
				.withMessageContaining("Unsupported.extra");
		}
		assertThat(server.requests()).isEmpty();
	}

}
