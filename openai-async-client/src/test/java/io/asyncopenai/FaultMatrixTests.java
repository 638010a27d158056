package io.asyncopenai;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.errors.AuthenticationException;
import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.errors.ConflictException;
import io.asyncopenai.errors.InternalServerException;
import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.errors.PermissionDeniedException;
import io.asyncopenai.errors.UnprocessableEntityException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseErrorEvent;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every fault the API or the network can produce, against every call that creates a
 * completion, whole or streamed: the outcome, the exception type, the attempts the server
 * saw, and a pool with nothing leased afterwards that serves the next request.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class FaultMatrixTests {

	private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three")
		.build();

	private static final ResponseCreateParams RESPONSE = ResponseCreateParams.builder()
		.model("gpt-4o")
		.input("one two three")
		.build();

	enum Call {

		CHAT_CREATE("/v1/chat/completions", false, (client) -> client.chat().completions().create(CHAT)),

		CHAT_STREAM("/v1/chat/completions", true, (client) -> client.chat().completions().createStreaming(CHAT)),

		RESPONSE_CREATE("/v1/responses", false, (client) -> client.responses().create(RESPONSE)),

		RESPONSE_STREAM("/v1/responses", true, (client) -> client.responses().createStreaming(RESPONSE));

		final String path;

		final boolean streaming;

		final Function<AsyncOpenAI, Publisher<?>> call;

		Call(String path, boolean streaming, Function<AsyncOpenAI, Publisher<?>> call) {
			this.path = path;
			this.streaming = streaming;
			this.call = call;
		}

	}

	/**
	 * One fault and what it should come to.
	 *
	 * @param name the cell's name
	 * @param faults the faults to queue for the call's path, made fresh per cell
	 * @param outcome the exception expected of a whole response, {@code null} for success
	 * @param streamOutcome the exception expected of a stream, {@code null} for success
	 * @param attempts the requests the server should see
	 * @param streamAttempts the requests the server should see for a stream
	 * @param appliesTo which calls the fault means something for
	 */
	record Scenario(String name, Function<String, List<Fault>> faults, Class<? extends Throwable> outcome,
			Class<? extends Throwable> streamOutcome, int attempts, int streamAttempts, Applies appliesTo) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	enum Applies {

		ALL, STREAMS

	}

	static Stream<Arguments> cells() {
		List<Scenario> scenarios = List.of(
				same("429 with retry-after-ms", (path) -> List.of(Fault.error(429).header("retry-after-ms", "5")), null, 2),
				same("429 with an HTTP-date retry-after",
						(path) -> List.of(Fault.error(429)
							.header("retry-after", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()))),
						null, 2),
				same("500 then success", (path) -> List.of(retryable(500)), null, 2),
				same("500 beyond max-retries", (path) -> List.of(retryable(500), retryable(500), retryable(500)),
						InternalServerException.class, 3),
				same("503 with x-should-retry false",
						(path) -> List.of(Fault.error(503).header("x-should-retry", "false")), InternalServerException.class,
						1),
				same("400", (path) -> List.of(Fault.error(400)), BadRequestException.class, 1),
				same("401", (path) -> List.of(Fault.error(401)), AuthenticationException.class, 1),
				same("403", (path) -> List.of(Fault.error(403)), PermissionDeniedException.class, 1),
				same("404", (path) -> List.of(Fault.error(404)), NotFoundException.class, 1),
				same("409 is retried", (path) -> List.of(retryable(409), retryable(409), retryable(409)),
						ConflictException.class, 3),
				same("422", (path) -> List.of(Fault.error(422)), UnprocessableEntityException.class, 1),
				same("connection closed before the response", (path) -> List.of(Fault.closeBeforeResponse()), null, 2),
				new Scenario("connection closed mid-stream", (path) -> List.of(Fault.closeMidStream(2)), null,
						APIConnectionException.class, 2, 1, Applies.ALL),
				same("delay past the read timeout", (path) -> List.of(Fault.delayBeforeHeaders(Duration.ofMillis(1500))),
						null, 2),
				new Scenario("stream stops sending past the read timeout", (path) -> List.of(Fault.stallMidStream(2)), null,
						APITimeoutException.class, 1, 1, Applies.STREAMS),
				same("malformed JSON", (path) -> List.of(Fault.malformedJson()), APIException.class, 1),
				new Scenario("SSE error payload", (path) -> List.of(Fault.streamError(2)), null, APIException.class, 1, 1,
						Applies.STREAMS),
				same("redirect loop past max-redirects", FaultMatrixTests::redirectLoop, APIConnectionException.class, 9));
		List<Arguments> cells = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			for (Call call : Call.values()) {
				if (scenario.appliesTo() == Applies.ALL || call.streaming) {
					cells.add(Arguments.of(call, scenario));
				}
			}
		}
		return cells.stream();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("cells")
	void faultEndsAsExpectedAndLeavesThePoolDrained(Call call, Scenario scenario, MockOpenAIServer server) {
		server.enqueue(call.path, scenario.faults().apply(call.path).toArray(Fault[]::new));
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.readTimeout(READ_TIMEOUT).maxRedirects(2).maxConnections(4)
					.maxKeepAliveConnections(4))) {
			Class<? extends Throwable> expected = call.streaming ? scenario.streamOutcome() : scenario.outcome();
			if (call == Call.RESPONSE_STREAM && scenario.name().equals("SSE error payload")) {
				// The Responses API reports a stream error as an event of the stream.
				List<?> events = Flux.from(call.call.apply(client.openai())).collectList().block(TestClient.TIMEOUT);
				assertThat(events).last().isInstanceOf(ResponseErrorEvent.class);
			}
			else {
				Throwable failure = catchThrowable(
						() -> Flux.from(call.call.apply(client.openai())).collectList().block(TestClient.TIMEOUT));
				if (expected == null) {
					assertThat(failure).isNull();
				}
				else {
					assertThat(failure).isInstanceOf(expected);
				}
			}
			int attempts = call.streaming ? scenario.streamAttempts() : scenario.attempts();
			assertThat(server.requests()).as("attempts").hasSize(attempts);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT))
				.as("no connection left leased").isTrue();
			server.reset();
			assertThat(Mono.from(client.openai().models().retrieve("gpt-4o")).block(TestClient.TIMEOUT).id())
				.isEqualTo("gpt-4o");
		}
	}

	private static Scenario same(String name, Function<String, List<Fault>> faults, Class<? extends Throwable> outcome,
			int attempts) {
		return new Scenario(name, faults, outcome, outcome, attempts, attempts, Applies.ALL);
	}

	private static Fault retryable(int status) {
		return Fault.error(status).header("retry-after-ms", "1");
	}

	private static List<Fault> redirectLoop(String path) {
		List<Fault> loop = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			loop.add(Fault.redirect(307, path));
		}
		return loop;
	}

}
