package io.asyncopenai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest.Outcome;

import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class StreamingTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three")
		.build();

	@Test
	void decodesEventsFramedWithCrLfAndCrLfSplitAcrossReadsWithCommentsAndMultiLineData(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.chunks(": keep-alive comment\r\n", "data: {\"n\":", "1}\r", "\n\r\n", "data: {\"n\":\rdata: 2}\r\r",
					"data: {\"n\":3,\r\n", "data: \"m\":\"x\"}\n\n", "data: [DONE]\n\n")
			.chunkDelay(Duration.ofMillis(20)));
		try (TestClient client = TestClient.of(server)) {
			List<JsonNode> events = client.openai()
				.postStreaming("/chat/completions", Map.of("model", "gpt-4o"), RequestOptions.none())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).extracting((event) -> event.toString())
				.containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3,\"m\":\"x\"}");
		}
	}

	@Test
	void untypedStreamsKeepEachEventsNameAndIdAndMayUseGet(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.chunks("event: thread.run.created\nid: 7\ndata: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			List<ServerSentEvent<JsonNode>> events = client.openai()
				.streamEvents(HttpMethod.GET, "/threads/{thread_id}/runs", Map.of("thread_id", "thread_1"), null,
						RequestOptions.builder().queryParameter("stream", "true").build())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).extracting(ServerSentEvent::event).containsExactly("thread.run.created", null);
			// The id is the stream's last event id, as browsers' lastEventId: it carries over.
			assertThat(events).extracting(ServerSentEvent::id).containsExactly("7", "7");
			assertThat(events).extracting((event) -> event.data().get("n").asInt()).containsExactly(1, 2);
		}
		assertThat(server.lastRequest().method()).isEqualTo("GET");
		assertThat(server.lastRequest().path()).isEqualTo("/v1/threads/thread_1/runs");
		assertThat(server.lastRequest().body()).isEmpty();
	}

	@Test
	void eventsAfterDoneAreNotDelivered(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("data: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n"));
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai()
				.postStreaming("/chat/completions", Map.of("model", "gpt-4o"), RequestOptions.none())
				.collectList()
				.block(TestClient.TIMEOUT)).hasSize(1);
		}
	}

	@Test
	void streamBrokenOffByTheServerEndsWithAnErrorInsteadOfHanging(MockOpenAIServer server) {
		server.enqueue(Fault.closeMidStream(3));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectNextCount(3)
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
					.hasMessageContaining("closed"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void cancellingAStreamEndsTheExchangeAtTheServer(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.delayBetweenEvents(Duration.ofMillis(200)));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectNextCount(1)
				.thenCancel()
				.verify(TestClient.TIMEOUT);
			assertThat(server.lastRequest().awaitOutcome(TestClient.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
			assertThat(server.awaitConnections((stats) -> stats.open() == 0, TestClient.TIMEOUT).open()).isZero();
		}
	}

	@Test
	void slowSubscriberHoldsTheServerBackInsteadOfBufferingTheStream(MockOpenAIServer server) throws Exception {
		String manyWords = "w ".repeat(40_000);
		ChatCompletionCreateParams longAnswer = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage(manyWords)
			.build();
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(longAnswer), 1)
				.expectNextCount(1)
				.then(() -> {
					// The answer is about 12 MB of events; with one event requested, the client
					// stops reading, the socket buffers fill and the server cannot finish.
					assertThat(awaitOutcome(server, Duration.ofSeconds(1))).isEqualTo(Outcome.IN_PROGRESS);
				})
				.thenRequest(Long.MAX_VALUE)
				.expectNextCount(40_003)
				.expectComplete()
				.verify(Duration.ofSeconds(60));
		}
		assertThat(server.lastRequest().awaitOutcome(TestClient.TIMEOUT)).isEqualTo(Outcome.COMPLETED);
	}

	@Test
	void chunksDeserializeWithDeltasOfEveryKind(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
					+ "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
					+ "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
					+ "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
					+ "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
					+ "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]},"
					+ "\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			List<ChatCompletionChunk> chunks = client.openai()
				.chat()
				.completions()
				.createStreaming(CHAT)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(chunks.get(0).choices().get(0).delta().toolCalls().get(0).function().name())
				.isEqualTo("get_weather");
			assertThat(chunks.get(1).choices().get(0).delta().toolCalls().get(0).function().arguments()).isEqualTo("{}");
			assertThat(chunks.get(1).choices().get(0).finishReason()).isEqualTo("tool_calls");
		}
	}

	@Test
	void chunksMentioningErrorOrWithANullErrorMemberAreDeliveredAsChunks(MockOpenAIServer server) {
		String prefix = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body(prefix + "\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n" + prefix
					+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"say \\\"error\\\"\"}}]}\n\ndata: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			List<ChatCompletionChunk> chunks = client.openai()
				.chat()
				.completions()
				.createStreaming(CHAT)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(chunks).extracting((chunk) -> chunk.choices().get(0).delta().content())
				.containsExactly("a", "say \"error\"");
		}
	}

	@Test
	void chunkCarryingAnErrorMemberEndsTheStreamWithItsMessage(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("data: {\"id\":\"c\",\"choices\":[],\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"
					+ "\n\ndata: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APIException.class)
					.hasMessageContaining("overloaded"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void eventsBeforeAnErrorInTheSameReadAreDeliveredBeforeTheError(MockOpenAIServer server) {
		String prefix = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",";
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body(prefix + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n" + prefix
					+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n"
					+ "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n" + prefix
					+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"never\"}}]}\n\ndata: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.assertNext((chunk) -> assertThat(chunk.choices().get(0).delta().content()).isEqualTo("a"))
				.assertNext((chunk) -> assertThat(chunk.choices().get(0).delta().content()).isEqualTo("b"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APIException.class)
					.hasMessageContaining("overloaded"))
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void chunkThatDoesNotFitItsTypeEndsTheStreamWithAnAPIExceptionCarryingTheData(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("data: {\"id\":\"c\",\"choices\":{\"not\":\"a list\"}}\n\ndata: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIException.class)
					.hasMessageContaining("ChatCompletionChunk")
					.satisfies((failure) -> assertThat(((APIException) failure).body()).contains("a list")))
				.verify(TestClient.TIMEOUT);
		}
	}

	private static Outcome awaitOutcome(MockOpenAIServer server, Duration wait) {
		try {
			return server.lastRequest().awaitOutcome(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
