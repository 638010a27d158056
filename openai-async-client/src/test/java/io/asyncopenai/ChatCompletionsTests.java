package io.asyncopenai;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.models.ResponseFormatJsonObject;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ChatCompletionsTests {

	private static final ChatCompletionCreateParams HELLO = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addDeveloperMessage("Be brief.")
		.addUserMessage("Hello there")
		.build();

	@Test
	void createReturnsTheTypedCompletion(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			ChatCompletion completion = client.openai().chat().completions().create(HELLO).block(TestClient.TIMEOUT);
			assertThat(completion.id()).startsWith("chatcmpl-");
			assertThat(completion.model()).isEqualTo("gpt-4o");
			assertThat(completion.choices().get(0).message().content()).isEqualTo("Echo: Hello there");
			assertThat(completion.choices().get(0).message().role()).isEqualTo("assistant");
			assertThat(completion.choices().get(0).finishReason()).isEqualTo("stop");
			assertThat(completion.usage().completionTokens()).isEqualTo(3);
			assertThat(completion.usage().totalTokens())
				.isEqualTo(completion.usage().promptTokens() + completion.usage().completionTokens());
		}
	}

	@Test
	void createSendsTheDocumentedRequestShape(MockOpenAIServer server) {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addSystemMessage("sys")
			.addUserMessage("hi")
			.addAssistantMessage("hello")
			.temperature(0.5)
			.maxCompletionTokens(5)
			.n(1)
			.stop("END")
			.seed(7)
			.responseFormat(ResponseFormatJsonObject.builder().build())
			.metadata(java.util.Map.of("k", "v"))
			.store(false)
			.extraBody("custom_field", 42)
			.build();
		try (TestClient client = TestClient.of(server)) {
			client.openai().chat().completions().create(params).block(TestClient.TIMEOUT);
		}
		JsonNode sent = Json.read(server.lastRequest().body());
		assertThat(sent.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(sent.get("messages")).isEqualTo(
				Json.read("[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"hi\"},"
						+ "{\"role\":\"assistant\",\"content\":\"hello\"}]"));
		assertThat(sent.get("temperature").asDouble()).isEqualTo(0.5);
		assertThat(sent.get("max_completion_tokens").asInt()).isEqualTo(5);
		assertThat(sent.get("stop").asString()).isEqualTo("END");
		assertThat(sent.get("seed").asLong()).isEqualTo(7);
		assertThat(sent.get("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
		assertThat(sent.get("metadata").toString()).isEqualTo("{\"k\":\"v\"}");
		assertThat(sent.get("store").asBoolean()).isFalse();
		assertThat(sent.get("custom_field").asInt()).isEqualTo(42);
		assertThat(sent.has("stream")).isFalse();
		assertThat(sent.has("top_p")).isFalse();
	}

	@Test
	void createStreamingEmitsChunksUntilDone(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			List<ChatCompletionChunk> chunks = client.openai()
				.chat()
				.completions()
				.createStreaming(HELLO)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(chunks).hasSize(5);
			assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
			StringBuilder text = new StringBuilder();
			chunks.forEach((chunk) -> chunk.choices().forEach((choice) -> {
				if (choice.delta().content() != null) {
					text.append(choice.delta().content());
				}
			}));
			assertThat(text).hasToString("Echo: Hello there");
			assertThat(chunks.get(4).choices().get(0).finishReason()).isEqualTo("stop");
		}
		RecordedRequest request = server.lastRequest();
		assertThat(Json.read(request.body()).get("stream").asBoolean()).isTrue();
	}

	@Test
	void streamWithIncludeUsageEndsWithUsage(MockOpenAIServer server) {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage("count me")
			.includeUsage(true)
			.build();
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(params).last())
				.assertNext((last) -> {
					assertThat(last.choices()).isEmpty();
					assertThat(last.usage().completionTokens()).isEqualTo(3);
				})
				.expectComplete()
				.verify(TestClient.TIMEOUT);
		}
	}

}
