package io.asyncopenai;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.http.ClientRateLimit;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three")
		.build();

	private static final int LARGE = 100_000_000;

	@Test
	void twoThousandCallsAtConcurrency500MeetNo429AndGoAtTheLimitsRate() {
		try (MockOpenAIServer server = MockOpenAIServer.builder().rateLimit(50, LARGE, Duration.ofSeconds(1)).start();
				TestClient client = TestClient.of(server, (transport) -> transport.rateLimit(true))) {
			long start = System.nanoTime();
			List<Model> models = Flux.range(0, 2000)
				.flatMap((i) -> client.openai().models().retrieve("gpt-4o"), 500)
				.collectList()
				.block(Duration.ofSeconds(90));
			double seconds = (System.nanoTime() - start) / 1e9;
			double rate = 2000 / seconds;
			System.out.printf("2000 calls in %.2f s: %.2f calls/s, %d 429s%n", seconds, rate,
					server.rateLimitedCount());
			assertThat(models).hasSize(2000);
			assertThat(server.rateLimitedCount()).isZero();
			assertThat(server.requests()).hasSize(2000);
			assertThat(rate).isBetween(45.0, 55.0);
			assertThat(client.transport().rateLimit().queuedCalls()).isZero();
		}
	}

	@Test
	void theTokenBudgetHoldsCallsToo() {
		int callTokens;
		try (MockOpenAIServer probe = MockOpenAIServer.start(); TestClient client = TestClient.of(probe)) {
			client.openai().chat().completions().create(CHAT).block(TestClient.TIMEOUT);
			callTokens = (int) Math.ceil(probe.lastRequest().bodySize() / 4.0);
		}
		// Three calls fit in a window, twelve take four windows.
		try (MockOpenAIServer server = MockOpenAIServer.builder()
			.rateLimit(1000, 3 * callTokens, Duration.ofMillis(500))
			.start(); TestClient client = TestClient.of(server, (transport) -> transport.rateLimit(true))) {
			long start = System.nanoTime();
			StepVerifier.create(Flux.range(0, 12).flatMap((i) -> client.openai().chat().completions().create(CHAT)))
				.expectNextCount(12)
				.expectComplete()
				.verify(TestClient.TIMEOUT);
			assertThat(server.rateLimitedCount()).isZero();
			assertThat(server.requests()).hasSize(12);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1000));
		}
	}

	@Test
	void a429sRetryAfterHoldsEveryCallOfTheClient() {
		try (MockOpenAIServer server = MockOpenAIServer.start();
				TestClient client = TestClient.of(server, (transport) -> transport.rateLimit(true))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			server.reset();
			server.enqueue(Fault.error(429).header("retry-after-ms", "1000"));
			Mono<Model> refused = client.openai().models().retrieve("gpt-4o").cache();
			refused.subscribe((model) -> {
			}, (error) -> {
			});
			ClientRateLimit limit = client.transport().rateLimit();
			assertThat(Await.until(() -> limit.pausedUntil() != null, TestClient.TIMEOUT)).isTrue();
			List<Model> others = Flux.range(0, 5)
				.flatMap((i) -> client.openai().models().retrieve("gpt-4o"))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(others).hasSize(5);
			assertThat(refused.block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
			List<RecordedRequest> requests = server.requests();
			assertThat(requests).hasSize(7);
			Instant pauseStart = requests.get(0).receivedAt();
			assertThat(requests.subList(1, 7)).allSatisfy((request) -> assertThat(request.receivedAt())
				.isAfterOrEqualTo(pauseStart.plusMillis(1000)));
		}
	}

	@Test
	void aCallBeyondTheQueueBoundFailsAtOnceWithAClearMessage() {
		try (MockOpenAIServer server = MockOpenAIServer.start(); TestClient client = TestClient.of(server,
				(transport) -> transport.rateLimit(true).rateLimitMaxQueuedCalls(2))) {
			server.enqueue(Fault.delayBeforeHeaders(Duration.ofMillis(500)));
			List<Disposable> held = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				held.add(client.openai().models().retrieve("gpt-4o").subscribe((model) -> {
				}, (error) -> {
				}));
			}
			assertThat(client.transport().rateLimit().queuedCalls()).isEqualTo(2);
			long start = System.nanoTime();
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
					.hasMessageContaining("client-side rate limit queue is full"))
				.verify(TestClient.TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
			held.forEach(Disposable::dispose);
		}
	}

	@Test
	void aQueuedCallPastThePoolTimeoutFailsNamingTheRateLimit() {
		try (MockOpenAIServer server = MockOpenAIServer.start(); TestClient client = TestClient.of(server,
				(transport) -> transport.rateLimit(true).poolTimeout(Duration.ofMillis(300)))) {
			server.enqueue(Fault.delayBeforeHeaders(Duration.ofSeconds(2)));
			Disposable probe = client.openai().models().retrieve("gpt-4o").subscribe((model) -> {
			}, (error) -> {
			});
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
					.hasMessageContaining("for the client-side rate limit")
					.hasMessageMatching("Waited 3[0-9]{2} ms .*"))
				.verify(TestClient.TIMEOUT);
			assertThat(client.transport().rateLimit().queuedCalls()).isZero();
			// Not retried: it would queue again, last.
			assertThat(server.requests()).hasSize(1);
			probe.dispose();
		}
	}

	@Test
	void aCancelledQueuedCallLeavesTheQueue() {
		try (MockOpenAIServer server = MockOpenAIServer.start();
				TestClient client = TestClient.of(server, (transport) -> transport.rateLimit(true))) {
			server.enqueue(Fault.delayBeforeHeaders(Duration.ofMillis(500)));
			Mono<Model> probe = client.openai().models().retrieve("gpt-4o");
			StepVerifier.create(Mono.when(probe, client.openai().models().retrieve("gpt-4o").then()))
				.thenAwait(Duration.ofMillis(100))
				.then(() -> assertThat(client.transport().rateLimit().queuedCalls()).isOne())
				.thenCancel()
				.verify(TestClient.TIMEOUT);
			assertThat(client.transport().rateLimit().queuedCalls()).isZero();
			// No permit lost: the next call goes.
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
		}
	}

	@Test
	void withoutTheHeadersNothingIsHeldAfterTheFirstResponse() {
		try (MockOpenAIServer server = MockOpenAIServer.start();
				TestClient client = TestClient.of(server, (transport) -> transport.rateLimit(true))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			for (int i = 0; i < 100; i++) {
				server.enqueue(Fault.delayBeforeHeaders(Duration.ofMillis(500)));
			}
			long start = System.nanoTime();
			List<Model> models = Flux.range(0, 100)
				.flatMap((i) -> client.openai().models().retrieve("gpt-4o"), 100)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(models).hasSize(100);
			// Held one by one, they would take 50 s.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(client.transport().rateLimit().remainingRequests()).isEqualTo(-1);
		}
	}

	@Test
	void disabledByDefaultSoTheServerRefusesAFanOut() {
		try (MockOpenAIServer server = MockOpenAIServer.builder().rateLimit(5, LARGE, Duration.ofSeconds(1)).start();
				TestClient client = TestClient.of(server)) {
			assertThat(client.transport().rateLimit()).isNull();
			StepVerifier.create(Flux.range(0, 10).flatMap((i) -> client.openai().models().retrieve("gpt-4o")))
				.expectNextCount(10)
				.expectComplete()
				.verify(TestClient.TIMEOUT);
			assertThat(server.rateLimitedCount()).isPositive();
		}
	}

}
