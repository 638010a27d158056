package io.asyncopenai;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.errors.InternalServerException;
import io.asyncopenai.errors.RateLimitException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class RetryTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three")
		.build();

	@Test
	void rateLimitWithRetryAfterMsIsRetriedAndCountsRetries(MockOpenAIServer server) {
		server.enqueue(Fault.error(429).header("retry-after-ms", "5"), Fault.error(429).header("retry-after-ms", "5"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.assertNext((model) -> assertThat(model.id()).isEqualTo("gpt-4o"))
				.expectComplete()
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).extracting((request) -> request.header("x-stainless-retry-count"))
			.containsExactly("0", "1", "2");
	}

	@Test
	void serverErrorThenSuccessSucceeds(MockOpenAIServer server) {
		server.enqueue(Fault.error(500).header("retry-after-ms", "1"));
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().chat().completions().create(CHAT).block(TestClient.TIMEOUT).choices()).hasSize(1);
		}
		assertThat(server.requests()).hasSize(2);
	}

	@Test
	void serverErrorsBeyondMaxRetriesFailWithTheLastError(MockOpenAIServer server) {
		for (int i = 0; i < 3; i++) {
			server.enqueue(Fault.error(503).header("retry-after-ms", "1"));
		}
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> {
					assertThat(error).isInstanceOf(InternalServerException.class);
					assertThat(((InternalServerException) error).statusCode()).isEqualTo(503);
					assertThat(((InternalServerException) error).requestId()).isEqualTo(server.lastRequest().requestId());
				})
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(3);
	}

	@Test
	void shouldRetryFalseStopsRetriesOfARetryableStatus(MockOpenAIServer server) {
		server.enqueue(Fault.error(503).header("x-should-retry", "false"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectError(InternalServerException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void shouldRetryTrueRetriesAnyStatus(MockOpenAIServer server) {
		server.enqueue(Fault.error(400).header("x-should-retry", "true").header("retry-after-ms", "1"));
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
		assertThat(server.requests()).hasSize(2);
	}

	@Test
	void clientErrorsAreNotRetried(MockOpenAIServer server) {
		server.enqueue(Fault.error(400));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectError(BadRequestException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void retryAfterAsHttpDateIsHonoured(MockOpenAIServer server) {
		// HTTP dates have whole seconds: two seconds ahead is at least one second away.
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(2));
		server.enqueue(Fault.error(429).header("retry-after", date));
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
		RecordedRequest first = server.requests().get(0);
		RecordedRequest second = server.requests().get(1);
		assertThat(Duration.between(first.receivedAt(), second.receivedAt())).isGreaterThan(Duration.ofMillis(900));
	}

	@Test
	void connectionClosedBeforeResponseIsRetried(MockOpenAIServer server) {
		server.enqueue(Fault.closeBeforeResponse());
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
		assertThat(server.requests()).hasSize(2);
	}

	@Test
	void retriesPerRequestOverrideTheClient(MockOpenAIServer server) {
		server.enqueue(Fault.error(500), Fault.error(500));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai().models().retrieve("gpt-4o", RequestOptions.builder().maxRetries(0).build()))
				.expectError(InternalServerException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void withOptionsChangesRetriesAndSharesTheTransport(MockOpenAIServer server) {
		server.enqueue(Fault.error(429).header("retry-after-ms", "1"));
		try (TestClient client = TestClient.of(server)) {
			AsyncOpenAI noRetries = client.openai().withOptions((options) -> options.maxRetries(0));
			assertThat(noRetries.httpClient()).isSameAs(client.openai().httpClient());
			StepVerifier.create(noRetries.models().retrieve("gpt-4o"))
				.expectError(RateLimitException.class)
				.verify(TestClient.TIMEOUT);
			noRetries.close();
			assertThat(client.transport().isClosed()).isFalse();
			Model model = client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(model).isNotNull();
		}
	}

	@Test
	void streamIsRetriedBeforeItsFirstEvent(MockOpenAIServer server) {
		server.enqueue(Fault.error(500).header("retry-after-ms", "1"));
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().chat().completions().createStreaming(CHAT).count().block(TestClient.TIMEOUT))
				.isEqualTo(6);
		}
		assertThat(server.requests()).hasSize(2);
	}

	@Test
	void streamIsNeverRetriedAfterItsFirstEvent(MockOpenAIServer server) {
		server.enqueue(Fault.closeMidStream(2));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectNextCount(2)
				.expectError(APIConnectionException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

}
