package io.asyncopenai;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseErrorEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.test.ConnectionStats;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * N requests at concurrency C through one client, a fraction of them hit by faults, mixed
 * whole and streamed: each ends exactly once, with the right answer or a typed exception;
 * nothing is lost or left hanging, no connection stays leased, and the server never sees
 * more than max-connections. The short version runs in {@code verify}; the long one with
 * {@code ./mvnw -B -Plong -pl openai-async-client -am verify}.
 */
class LoadWithFaultsTests {

	private static final int REQUESTS = Integer.getInteger("load.requests", 2_000);

	private static final int CONCURRENCY = Integer.getInteger("load.concurrency", 200);

	private static final double FAULT_RATE = Double.parseDouble(System.getProperty("load.faultRate", "0.02"));

	private static final int MAX_CONNECTIONS = Integer.getInteger("load.maxConnections", 100);

	private static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("load.deadlineSeconds", 120));

	@Test
	void everyRequestEndsExactlyOnceWithTheRightAnswerOrATypedException() {
		Random random = new Random(42);
		List<Supplier<Fault>> kinds = List.of(() -> Fault.error(429).header("retry-after-ms", "1"),
				() -> Fault.error(500).header("retry-after-ms", "1"), Fault::closeBeforeResponse,
				() -> Fault.closeMidStream(1), Fault::malformedJson, () -> Fault.streamError(1),
				() -> Fault.error(400), () -> Fault.delayBeforeHeaders(Duration.ofMillis(2500)));
		int faults = (int) Math.round(REQUESTS * FAULT_RATE);
		AtomicIntegerArray ended = new AtomicIntegerArray(REQUESTS);
		try (MockOpenAIServer server = MockOpenAIServer.start();
				TestClient client = TestClient.of(server,
						(transport) -> transport.maxConnections(MAX_CONNECTIONS)
							.maxKeepAliveConnections(MAX_CONNECTIONS)
							.readTimeout(Duration.ofSeconds(2))
							.poolTimeout(Duration.ofSeconds(60)))) {
			for (int i = 0; i < faults; i++) {
				server.enqueue(kinds.get(random.nextInt(kinds.size())).get());
			}
			long started = System.nanoTime();
			List<Outcome> outcomes = Flux.range(0, REQUESTS)
				.flatMap((i) -> call(client.openai(), i)
					// Counted before the signal travels on, so the count is complete once the list is.
					.doOnEach((signal) -> {
						if (signal.isOnComplete() || signal.isOnError()) {
							ended.incrementAndGet(i);
						}
					}), CONCURRENCY)
				.collectList()
				.block(DEADLINE);
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			assertThat(outcomes).hasSize(REQUESTS);
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(ended.get(i)).as("terminal signals of request %d", i).isOne();
			}
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.failure())
				.satisfiesAnyOf((failure) -> assertThat(failure).isNull(),
						(failure) -> assertThat(failure).isInstanceOf(OpenAIException.class)));
			assertThat(outcomes).filteredOn((outcome) -> outcome.failure() == null)
				.allSatisfy((outcome) -> assertThat(outcome.text()).isEqualTo(outcome.expected()));
			long failed = outcomes.stream().filter((outcome) -> outcome.failure() != null).count();
			assertThat(failed).isLessThanOrEqualTo(faults);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, Duration.ofSeconds(30)))
				.as("no connection left leased").isTrue();
			ConnectionStats stats = server.connections();
			assertThat(client.transport().peakConnections()).isLessThanOrEqualTo(MAX_CONNECTIONS);
			// The server counts a connection the client closed (after a timeout or a broken
			// stream) until it reads the close, while the client may already have opened the
			// next one: only connections the client had closed can show above the limit.
			long closedByClient = server.requests()
				.stream()
				.filter((request) -> request.outcome() == RecordedRequest.Outcome.CLOSED_BY_CLIENT)
				.count();
			assertThat((long) stats.peakOpen()).isLessThanOrEqualTo(MAX_CONNECTIONS + closedByClient);
			System.out.printf("Load with faults: requests=%d concurrency=%d faults=%d succeeded=%d typed-failures=%d "
					+ "lost=0 peak-connections=%d (client) %d (server) opened=%d server-requests=%d time=%dms%n", REQUESTS,
					CONCURRENCY, faults, REQUESTS - failed, failed, client.transport().peakConnections(), stats.peakOpen(),
					stats.opened(), server.requestCount(),
					elapsed.toMillis());
		}
	}

	private static Mono<Outcome> call(AsyncOpenAI client, int i) {
		String input = "request " + i + " says hello";
		String expected = "Echo: " + input;
		Mono<String> text = switch (i % 4) {
			case 0, 1 -> client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(input).build())
				.map((completion) -> completion.choices().get(0).message().content());
			case 2 -> client.chat()
				.completions()
				.createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(input).build())
				.flatMapIterable(ChatCompletionChunk::choices)
				.mapNotNull((choice) -> choice.delta().content())
				.collect(StringBuilder::new, StringBuilder::append)
				.map(StringBuilder::toString);
			default -> client.responses()
				.createStreaming(ResponseCreateParams.builder().model("gpt-4o").input(input).build())
				// The Responses API reports a failed stream with an error event, not an exception.
				.concatMap((event) -> (event instanceof ResponseErrorEvent error)
						? Mono.error(new APIException("Error event: " + error.message(), null, null)) : Mono.just(event))
				.ofType(ResponseTextDeltaEvent.class)
				.map(ResponseTextDeltaEvent::delta)
				.collect(StringBuilder::new, StringBuilder::append)
				.map(StringBuilder::toString);
		};
		return text.map((answer) -> new Outcome(expected, answer, null))
			.onErrorResume((failure) -> Mono.just(new Outcome(expected, null, failure)));
	}

	private record Outcome(String expected, String text, Throwable failure) {

	}


}
