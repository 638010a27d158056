package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ContextConfiguration;

import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerInitializer;
import io.asyncopenai.test.RecordedRequest.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "openai.http.trust-env=false", "openai.max-retries=0" })
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class SampleApplicationTests extends SampleWebTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	SampleApplicationTests() {
		super(TIMEOUT);
	}

	@Test
	void chatAnswersWithTextAndUsage() {
		chat("Hello there")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text")
			.isEqualTo("Echo: Hello there")
			.jsonPath("$.usage.outputTokens")
			.isEqualTo(3)
			.jsonPath("$.usage.totalTokens")
			.isEqualTo(5);
		assertThat(this.server.lastRequest().path()).isEqualTo("/v1/responses");
	}

	@Test
	void blankMessageIsAProblemNotAnUpstreamCall() {
		chat(" ")
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("message must not be blank");
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void streamSendsDeltasInOrderThenDone() {
		List<ServerSentEvent<Map<String, String>>> events = this.client.get()
			.uri("/api/chat/stream?message={m}", "stream me now")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, String>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(TIMEOUT);
		assertThat(events).extracting(ServerSentEvent::event).containsExactly("delta", "delta", "delta", "delta", "done");
		assertThat(events.subList(0, 4)).extracting((event) -> event.data().get("text"))
			.containsExactly("Echo:", " stream", " me", " now");
	}

	@Test
	void embeddingsAnswerDimensionsAndVectors() {
		this.client.post()
			.uri("/api/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("texts", List.of("apple", "pear")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.dimensions")
			.isEqualTo(1536)
			.jsonPath("$.vectors.length()")
			.isEqualTo(2)
			.jsonPath("$.vectors[1].length()")
			.isEqualTo(1536);
	}

	@Test
	void upstreamUnauthorizedIsABadGatewayProblemWithTheUpstreamStatusAndRequestId() {
		this.server.rejectApiKey(MockOpenAIServer.API_KEY);
		chat("hi")
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(502)
			.jsonPath("$.upstreamStatus")
			.isEqualTo(401)
			.jsonPath("$.requestId")
			.value((requestId) -> assertThat(requestId).isEqualTo(this.server.lastRequest().requestId()))
			.jsonPath("$.code")
			.isEqualTo("invalid_api_key")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void upstreamRateLimitIsATooManyRequestsProblemWithRetryAfter() {
		this.server.enqueue(Fault.error(429).header("retry-after-ms", "1500"));
		this.client.get()
			.uri("/api/chat/stream?message=hi")
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("Retry-After", "2")
			.expectBody()
			.jsonPath("$.upstreamStatus")
			.isEqualTo(429)
			.jsonPath("$.requestId")
			.isEqualTo(this.server.lastRequest().requestId());
	}

	@Test
	void clientLeavingMidStreamCancelsTheUpstreamRequest() throws Exception {
		this.server.enqueue(Fault.delayBetweenEvents(Duration.ofMillis(300)));
		StepVerifier.create(this.client.get()
			.uri("/api/chat/stream?message={m}", "one two three four five six")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, String>>>() {
			})
			.getResponseBody()
			.take(1))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.server.lastRequest().awaitOutcome(TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
	}

}
