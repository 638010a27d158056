package io.asyncopenai;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import tools.jackson.databind.JsonNode;

import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What OpenAI-compatible servers (DeepSeek, vLLM, Ollama) answer differently from OpenAI, read
 * without failing: no {@code id} or {@code object}, {@code finish_reason: null}, and a
 * {@code reasoning_content} kept and readable on the message and on streamed deltas.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class CompatibleServersTests {

	private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
		.model("deepseek-reasoner")
		.addUserMessage("What is six times seven?")
		.build();

	@Test
	void aCompletionWithoutIdOrObjectAndWithReasoningIsRead(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"created\":1,\"model\":\"deepseek-reasoner\",\"choices\":[{\"index\":0,\"finish_reason\":null,"
					+ "\"message\":{\"role\":\"assistant\",\"content\":\"42\",\"reasoning_content\":\"6 x 7 = 42\"}}]}"));
		try (TestClient client = TestClient.of(server)) {
			ChatCompletion completion = client.openai().chat().completions().create(PARAMS).block(TestClient.TIMEOUT);
			assertThat(completion.id()).isNull();
			assertThat(completion.object()).isNull();
			ChatCompletion.Choice choice = completion.choices().get(0);
			assertThat(choice.finishReason()).isNull();
			assertThat(choice.message().content()).isEqualTo("42");
			assertThat(choice.message().reasoningContent()).isEqualTo("6 x 7 = 42");
		}
	}

	@Test
	void streamedReasoningArrivesOnTheDeltas(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.chunks(chunk("{\"role\":\"assistant\",\"reasoning_content\":\"6 x 7\"}", "null"),
					chunk("{\"reasoning_content\":\" = 42\"}", "null"), chunk("{\"content\":\"42\"}", "\"stop\""),
					"data: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			List<ChatCompletionChunk> chunks = client.openai()
				.chat()
				.completions()
				.createStreaming(PARAMS)
				.collectList()
				.block(TestClient.TIMEOUT);
			StringBuilder reasoning = new StringBuilder();
			StringBuilder content = new StringBuilder();
			chunks.forEach((chunk) -> {
				var delta = chunk.choices().get(0).delta();
				if (delta.reasoningContent() != null) {
					reasoning.append(delta.reasoningContent());
				}
				if (delta.content() != null) {
					content.append(delta.content());
				}
			});
			assertThat(reasoning).hasToString("6 x 7 = 42");
			assertThat(content).hasToString("42");
			assertThat(chunks.get(0).choices().get(0).finishReason()).isNull();
			assertThat(chunks.get(2).choices().get(0).finishReason()).isEqualTo("stop");
		}
		assertThat(server.lastRequest().body()).contains("\"stream\":true");
	}

	@Test
	void defaultQueryAndExtraBodyFieldsGoWithEveryRequestAndTheUsageChunkIsAskedFor(MockOpenAIServer server)
			throws Exception {
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.defaultQueryParameter("api-version", "2025-01-01")
					.extraBodyField("top_k", 20)
					.extraBodyField("enable_thinking", false)
					.streamIncludeUsage(true))) {
			client.openai().chat().completions().createStreaming(PARAMS).blockLast(TestClient.TIMEOUT);
			JsonNode streamed = Json.read(server.lastRequest().body());
			assertThat(server.lastRequest().query()).isEqualTo("api-version=2025-01-01");
			assertThat(streamed.get("top_k").asInt()).isEqualTo(20);
			assertThat(streamed.get("enable_thinking").asBoolean()).isFalse();
			assertThat(streamed.at("/stream_options/include_usage").asBoolean()).isTrue();
			assertThat(streamed.get("stream").asBoolean()).isTrue();
			client.openai()
				.chat()
				.completions()
				.create(PARAMS.toBuilder().extraBody("top_k", 5).build())
				.block(TestClient.TIMEOUT);
			JsonNode whole = Json.read(server.lastRequest().body());
			assertThat(whole.get("top_k").asInt()).as("the request's own value wins").isEqualTo(5);
			assertThat(whole.has("stream_options")).isFalse();
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(server.lastRequest().query()).isEqualTo("api-version=2025-01-01");
		}
	}

	@Test
	void withoutTheSwitchAStreamAsksNothingOfUsage(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			client.openai().chat().completions().createStreaming(PARAMS).blockLast(TestClient.TIMEOUT);
		}
		assertThat(Json.read(server.lastRequest().body()).has("stream_options")).isFalse();
	}

	@Test
	void aCompatibleServerIsUsedWithoutAKeyAndItsAnswersAndErrorsAreRead() {
		try (MockOpenAIServer compatible = MockOpenAIServer.builder().compatible(true).start();
				TestClient client = TestClient.of(compatible.baseUrl(), (transport) -> transport,
						(builder) -> builder.apiKey("").environment(java.util.Map.of()).maxRetries(0))) {
			assertThat(client.openai().options().apiKey()).isNull();
			ChatCompletion completion = client.openai().chat().completions().create(PARAMS).block(TestClient.TIMEOUT);
			assertThat(completion.id()).isNull();
			assertThat(completion.choices().get(0).finishReason()).isNull();
			assertThat(completion.choices().get(0).message().content()).isEqualTo("Echo: What is six times seven?");
			assertThat(completion.choices().get(0).message().reasoningContent()).isNotBlank();
			List<ChatCompletionChunk> chunks = client.openai()
				.chat()
				.completions()
				.createStreaming(PARAMS)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(chunks.get(0).choices().get(0).delta().reasoningContent())
				.isEqualTo(completion.choices().get(0).message().reasoningContent());
			assertThat(compatible.lastRequest().header("authorization")).isNull();
			StepVerifier.create(client.openai()
				.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("").addUserMessage("x").build()))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(BadRequestException.class)
					.hasMessageStartingWith("Error code: 400 - you must provide a model parameter"))
				.verify(TestClient.TIMEOUT);
		}
	}

	private static String chunk(String delta, String finishReason) {
		return "data: {\"created\":1,\"model\":\"deepseek-reasoner\",\"choices\":[{\"index\":0,\"delta\":" + delta
				+ ",\"finish_reason\":" + finishReason + "}]}\n\n";
	}

}
