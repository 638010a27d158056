package io.asyncopenai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.models.FunctionDefinition;
import io.asyncopenai.models.FunctionTool;
import io.asyncopenai.models.OutputContent;
import io.asyncopenai.models.OutputMessageContent;
import io.asyncopenai.models.ResponseFormatJsonSchema;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionAssistantMessageParam;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.chat.completions.ChatCompletionMessageToolCall;
import io.asyncopenai.models.chat.completions.ChatCompletionMessageToolCalls;
import io.asyncopenai.models.chat.completions.ChatCompletionNamedToolChoice;
import io.asyncopenai.models.chat.completions.ChatCompletionTool;
import io.asyncopenai.models.embeddings.CreateEmbeddingResponse;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;
import io.asyncopenai.models.models.ModelList;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCompletedEvent;
import io.asyncopenai.models.responses.ResponseContentPartAddedEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseFunctionToolCall;
import io.asyncopenai.models.responses.ResponseOutputMessage;
import io.asyncopenai.models.responses.ResponseReasoningItem;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models read the API's documented examples (fixtures written from the official OpenAPI
 * description) and params write its documented request shapes.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class ModelJsonTests {

	private final JsonMapper mapper = OpenAIJson.mapper();

	@Test
	void chatCompletionReadsAndKeepsUnknownFields() {
		ChatCompletion completion = this.mapper.readValue(fixture("chat-completion.json"), ChatCompletion.class);
		assertThat(completion.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
		assertThat(completion.created()).isEqualTo(1741569952L);
		assertThat(completion.choices().get(0).message().content()).isEqualTo("Hello! How can I assist you today?");
		assertThat(completion.choices().get(0).message().refusal()).isNull();
		assertThat(completion.usage().promptTokensDetails().cachedTokens()).isZero();
		assertThat(completion.usage().completionTokensDetails().rejectedPredictionTokens()).isZero();
		assertThat(completion.serviceTier()).isEqualTo("default");
		assertThat(completion.additionalProperties().get("brand_new_field").at("/nested/1").asInt()).isEqualTo(2);
		JsonNode written = this.mapper.valueToTree(completion);
		assertThat(written.at("/brand_new_field/nested").toString()).isEqualTo("[1,2]");
		assertThat(written.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
	}

	@Test
	void chatCompletionWithToolCallsReads() {
		ChatCompletion completion = this.mapper.readValue(fixture("chat-completion-tool-call.json"),
				ChatCompletion.class);
		ChatCompletionMessageToolCall call = ((ChatCompletionMessageToolCalls.ChatCompletionMessageToolCall.Function) completion
			.choices()
			.get(0)
			.message()
			.toolCalls()
			.get(0)).value();
		assertThat(completion.choices().get(0).message().content()).isNull();
		assertThat(completion.choices().get(0).finishReason()).isEqualTo("tool_calls");
		assertThat(call.id()).isEqualTo("call_abc123");
		assertThat(call.function().name()).isEqualTo("get_current_weather");
		assertThat(this.mapper.readTree(call.function().arguments()).get("location").asString())
			.isEqualTo("Boston, MA");
		assertThat(completion.usage().promptTokensDetails()).isNull();
	}

	@Test
	void chatCompletionStreamReadsOverTheWireWithUnknownFinishReasons(MockOpenAIServer server) {
		server.enqueue(
				Fault.status(200).header("content-type", "text/event-stream").body(fixture("chat-completion-chunks.sse")));
		try (TestClient client = TestClient.of(server)) {
			List<ChatCompletionChunk> chunks = client.openai()
				.chat()
				.completions()
				.createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("hi").build())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(chunks).hasSize(3);
			assertThat(chunks.get(0).systemFingerprint()).isEqualTo("fp_44709d6fcb");
			assertThat(chunks.get(1).choices().get(0).delta().content()).isEqualTo("Hello");
			assertThat(chunks.get(2).choices().get(0).finishReason()).isEqualTo("a_reason_added_later");
		}
	}

	@Test
	void responseReadsOutputTextAcrossPartsAndKeepsUnknownItems() {
		Response response = this.mapper.readValue(fixture("response.json"), Response.class);
		assertThat(response.status()).isEqualTo("completed");
		assertThat(response.output()).hasSize(2);
		assertThat(response.output().get(0)).isInstanceOf(ResponseReasoningItem.class);
		assertThat(((ResponseReasoningItem) response.output().get(0)).summary()).isEmpty();
		ResponseOutputMessage message = (ResponseOutputMessage) response.output().get(1);
		assertThat(message.content()).hasSize(3);
		assertThat(message.content().get(1)).isInstanceOf(OutputMessageContent.Refusal.class);
		assertThat(response.outputText())
			.isEqualTo("In a peaceful grove beneath a silver moon, a unicorn named Lumina discovered a hidden pool.");
		assertThat(response.usage().totalTokens()).isEqualTo(123);
		assertThat(response.tools()).isEmpty();
		assertThat(response.toolChoice()).isNotNull();
		JsonNode written = this.mapper.valueToTree(response);
		assertThat(written.at("/output/0/type").asString()).isEqualTo("reasoning");
		assertThat(written.at("/output/1/content/1/refusal").asString()).isEqualTo("not this part");
	}

	@Test
	void responseWithAFunctionCallReads() {
		Response response = this.mapper.readValue(fixture("response-function-call.json"), Response.class);
		ResponseFunctionToolCall call = (ResponseFunctionToolCall) response.output().get(0);
		assertThat(call.callId()).isEqualTo("call_unLAR8MvFNptuiZK6K6HCy5k");
		assertThat(call.name()).isEqualTo("get_current_weather");
		assertThat(call.arguments()).isEqualTo("{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}");
		assertThat(response.outputText()).isEmpty();
		assertThat(response.usage().inputTokensDetails()).isNull();
	}

	@Test
	void responseEventsReadOverTheWire(MockOpenAIServer server) {
		server.enqueue(
				Fault.status(200).header("content-type", "text/event-stream").body(fixture("response-events.sse")));
		try (TestClient client = TestClient.of(server)) {
			List<ResponseStreamEvent> events = client.openai()
				.responses()
				.createStreaming(ResponseCreateParams.builder().model("gpt-4.1").input("hi").build())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).extracting(ResponseStreamEvent::sequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
			assertThat(((ResponseContentPartAddedEvent) events.get(2)).part())
				.isInstanceOf(OutputContent.OutputText.class);
			assertThat(((ResponseTextDeltaEvent) events.get(3)).delta()).isEqualTo("Hi");
			assertThat(((ResponseCompletedEvent) events.get(5)).response().outputText())
				.isEqualTo("Hi there! How can I assist you today?");
		}
	}

	@Test
	void embeddingsReadFloatArrays() {
		CreateEmbeddingResponse response = this.mapper.readValue(fixture("embeddings.json"),
				CreateEmbeddingResponse.class);
		assertThat(response.data().get(0).embedding()).containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f);
		assertThat(response.usage().promptTokens()).isEqualTo(8);
	}

	@Test
	void modelsRead() {
		ModelList list = this.mapper.readValue(fixture("models.json"), ModelList.class);
		assertThat(list.data()).extracting((model) -> model.ownedBy()).containsExactly("organization-owner", "openai");
		assertThat(list.data()).extracting((model) -> model.shutdownDate()).containsExactly(null, "2026-10-23");
	}

	@Test
	void chatParamsWriteTheDocumentedRequestWithToolsAndSchemas() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage("What is the weather like in Boston today?")
			.addMessage(ChatCompletionAssistantMessageParam.builder()
				.addToolCall(ChatCompletionMessageToolCall.builder()
					.id("call_1")
					.function(ChatCompletionMessageToolCall.Function.builder()
						.name("get_current_weather")
						.arguments("{}")
						.build())
					.build())
				.build())
			.addToolMessage("call_1", "22C")
			.addTool(ChatCompletionTool.builder()
				.function(FunctionDefinition.builder()
					.name("get_current_weather")
					.description("Get the current weather")
					.parameters(schema("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}"))
					.build())
				.build())
			.toolChoice(ChatCompletionNamedToolChoice.builder()
				.function(ChatCompletionNamedToolChoice.Function.builder().name("get_current_weather").build())
				.build())
			.responseFormat(ResponseFormatJsonSchema.builder()
				.jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
					.name("weather")
					.schema(schema("{\"type\":\"object\"}"))
					.strict(true)
					.build())
				.build())
			.includeUsage(true)
			.logprobs(true)
			.topLogprobs(2)
			.reasoningEffort("low")
			.build();
		JsonNode json = this.mapper.valueToTree(params);
		assertThat(json.at("/messages/1").toString()).isEqualTo("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":"
				+ "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"arguments\":\"{}\"}}]}");
		assertThat(json.at("/messages/2").toString())
			.isEqualTo("{\"role\":\"tool\",\"content\":\"22C\",\"tool_call_id\":\"call_1\"}");
		assertThat(json.at("/tools/0/type").asString()).isEqualTo("function");
		assertThat(json.at("/tools/0/function/name").asString()).isEqualTo("get_current_weather");
		assertThat(json.at("/tools/0/function/parameters/properties/location/type").asString()).isEqualTo("string");
		assertThat(json.at("/tool_choice/function/name").asString()).isEqualTo("get_current_weather");
		assertThat(json.at("/response_format").toString()).isEqualTo(
				"{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"weather\",\"schema\":{\"type\":\"object\"},\"strict\":true}}");
		assertThat(json.at("/tool_choice/type").asString()).isEqualTo("function");
		assertThat(json.at("/stream_options").toString()).isEqualTo("{\"include_usage\":true}");
		assertThat(json.get("top_logprobs").asInt()).isEqualTo(2);
		assertThat(json.get("reasoning_effort").asString()).isEqualTo("low");
	}

	@Test
	void responseAndEmbeddingParamsWriteTheDocumentedRequest() {
		JsonNode response = this.mapper.valueToTree(ResponseCreateParams.builder()
			.model("gpt-4o")
			.input("What is the weather like in Boston today?")
			.addTool(FunctionTool.builder()
				.name("get_current_weather")
				.description("Get the weather")
				.parameters(schema("{\"type\":\"object\"}"))
				.build())
			.toolChoice("auto")
			.previousResponseId("resp_1")
			.metadata(Map.of("k", "v"))
			.extraBody("include", List.of("reasoning.encrypted_content"))
			.build());
		assertThat(response.at("/tools/0").toString()).isEqualTo("{\"type\":\"function\",\"name\":"
				+ "\"get_current_weather\",\"description\":\"Get the weather\",\"parameters\":{\"type\":\"object\"}}");
		assertThat(response.get("tool_choice").asString()).isEqualTo("auto");
		assertThat(response.get("previous_response_id").asString()).isEqualTo("resp_1");
		assertThat(response.at("/include/0").asString()).isEqualTo("reasoning.encrypted_content");
		JsonNode embedding = this.mapper.valueToTree(EmbeddingCreateParams.builder()
			.model("text-embedding-3-small")
			.input(new EmbeddingCreateParams.Input.Array3(List.of(List.of(1L, 2L), List.of(3L))))
			.dimensions(8)
			.user("u")
			.build());
		assertThat(embedding.toString()).isEqualTo(
				"{\"input\":[[1,2],[3]],\"model\":\"text-embedding-3-small\",\"dimensions\":8,\"user\":\"u\"}");
	}

	private Map<String, JsonNode> schema(String json) {
		return this.mapper.readValue(json, new TypeReference<Map<String, JsonNode>>() {
		});
	}

	private static String fixture(String name) {
		try (InputStream in = ModelJsonTests.class.getResourceAsStream("/fixtures/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
