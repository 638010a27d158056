package io.asyncopenai;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;
import io.asyncopenai.tools.Tool;
import io.asyncopenai.tools.ToolCallOutcome;
import io.asyncopenai.tools.ToolRun;
import io.asyncopenai.tools.ToolRunEvent;
import io.asyncopenai.tools.ToolRunException;
import io.asyncopenai.tools.ToolRunOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(MockOpenAIServerExtension.class)
class ToolRunnerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TOOL_TIME = Duration.ofMillis(500);

	record City(String city) {

	}

	/** Tools that each take {@link #TOOL_TIME} and count how many run at once. */
	static final class SlowTools {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		Tool<City> tool(String name, String answer) {
			return Tool.of(name, "Looks up " + name.substring(4) + " in a city", City.class,
					(args) -> Mono.defer(() -> {
						this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
						// Counted out before the output goes on, which may start the next call.
						return Mono.delay(TOOL_TIME)
							.doOnNext((tick) -> this.running.decrementAndGet())
							.thenReturn(answer + " in " + args.city());
					}));
		}

		List<Tool<?>> three() {
			return List.of(tool("get_weather", "sunny"), tool("get_time", "noon"), tool("get_news", "quiet"));
		}

	}

	private static ResponseCreateParams ask(String input) {
		return ResponseCreateParams.builder().model("gpt-4o").input(input).build();
	}

	@Test
	void threeToolsOfOneTurnRunAtOnceAndTheirOutputsReachTheModel(MockOpenAIServer server) {
		SlowTools tools = new SlowTools();
		try (TestClient client = TestClient.of(server)) {
			long start = System.nanoTime();
			ToolRun<Response> run = client.openai()
				.responses()
				.runTools(ask("Use get_weather for Paris; get_time for Paris; get_news for Paris."), tools.three())
				.block(TestClient.TIMEOUT);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(tools.mostAtOnce).hasValue(3);
			assertThat(took).isLessThan(TOOL_TIME.multipliedBy(3));
			assertThat(run.turns()).isEqualTo(2);
			assertThat(run.calls()).extracting(ToolCallOutcome::name)
				.containsExactly("get_weather", "get_time", "get_news");
			assertThat(run.calls()).allSatisfy((call) -> assertThat(call.failed()).isFalse());
			assertThat(run.answer().outputText()).isEqualTo(
					"get_weather(Paris): sunny in Paris; get_time(Paris): noon in Paris; get_news(Paris): quiet in Paris");
		}
		List<RecordedRequest> requests = server.requests();
		assertThat(requests).hasSize(2);
		JsonNode first = JSON.readTree(requests.get(0).body());
		assertThat(first.path("tools")).hasSize(3);
		assertThat(first.at("/tools/0/name").asString()).isEqualTo("get_weather");
		assertThat(first.at("/tools/0/strict").asBoolean()).isTrue();
		assertThat(first.at("/tools/0/parameters/required/0").asString()).isEqualTo("city");
		JsonNode second = JSON.readTree(requests.get(1).body());
		assertThat(second.path("previous_response_id").asString()).startsWith("resp_");
		assertThat(second.path("input")).hasSize(3).allSatisfy((item) -> {
			assertThat(item.path("type").asString()).isEqualTo("function_call_output");
			assertThat(item.path("call_id").asString()).startsWith("call_");
		});
	}

	@Test
	void withMaxConcurrencyOneTheToolsRunOneAfterAnother(MockOpenAIServer server) {
		SlowTools tools = new SlowTools();
		try (TestClient client = TestClient.of(server)) {
			long start = System.nanoTime();
			ToolRun<Response> run = client.openai()
				.responses()
				.runTools(ask("Use get_weather for Paris; get_time for Paris; get_news for Paris."), tools.three(),
						ToolRunOptions.defaults().withMaxConcurrency(1), RequestOptions.none())
				.block(TestClient.TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TOOL_TIME.multipliedBy(3));
			assertThat(tools.mostAtOnce).hasValue(1);
			assertThat(run.calls()).extracting(ToolCallOutcome::name)
				.containsExactly("get_weather", "get_time", "get_news");
		}
	}

	@Test
	void aFailingToolSendsItsErrorToTheModelOrEndsTheRunWhenAskedTo(MockOpenAIServer server) {
		Tool<City> broken = Tool.of("get_weather", null, City.class,
				(args) -> Mono.error(new IllegalStateException("the weather service is down")));
		try (TestClient client = TestClient.of(server)) {
			ToolRun<Response> run = client.openai()
				.responses()
				.runTools(ask("call get_weather for Paris"), List.of(broken))
				.block(TestClient.TIMEOUT);
			assertThat(run.calls()).singleElement().satisfies((call) -> {
				assertThat(call.failed()).isTrue();
				assertThat(call.output()).isEqualTo("Error: the weather service is down");
			});
			assertThat(run.answer().outputText()).isEqualTo("get_weather(Paris): Error: the weather service is down");
			StepVerifier
				.create(client.openai()
					.responses()
					.runTools(ask("call get_weather for Paris"), List.of(broken),
							ToolRunOptions.defaults().withSendFailuresToModel(false), RequestOptions.none()))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ToolRunException.class)
					.hasMessageContaining("get_weather failed: the weather service is down"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void aToolPastItsTimeoutFailsLikeAnyFailure(MockOpenAIServer server) {
		Tool<City> stuck = Tool.of("get_weather", null, City.class, (args) -> Mono.never());
		try (TestClient client = TestClient.of(server)) {
			ToolRun<Response> run = client.openai()
				.responses()
				.runTools(ask("call get_weather for Paris"), List.of(stuck),
						ToolRunOptions.defaults().withToolTimeout(Duration.ofMillis(200)), RequestOptions.none())
				.block(TestClient.TIMEOUT);
			assertThat(run.calls().get(0).output()).isEqualTo("Error: The tool get_weather did not finish within PT0.2S");
		}
	}

	@Test
	void theTurnLimitStopsAModelThatKeepsCallingTools(MockOpenAIServer server) {
		SlowTools tools = new SlowTools();
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.responses()
					.runTools(ask("call get_weather for Paris"), List.of(tools.tool("get_weather", "sunny")),
							ToolRunOptions.defaults().withMaxTurns(1), RequestOptions.none()))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(ToolRunException.class)
					.hasMessageContaining("still called tools (get_weather) after 1 turns"))
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
		assertThat(tools.mostAtOnce).hasValue(0);
	}

	@Test
	void cancellingTheRunCancelsTheToolsInFlight(MockOpenAIServer server) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch cancelled = new CountDownLatch(2);
		Tool<City> endless = Tool.of("get_weather", null, City.class, (args) -> Mono.<String>never()
			.doOnSubscribe((subscription) -> started.countDown())
			.doOnCancel(cancelled::countDown));
		try (TestClient client = TestClient.of(server)) {
			AtomicBoolean ended = new AtomicBoolean();
			Disposable run = client.openai()
				.responses()
				.runTools(ask("call get_weather for Paris and Tokyo"), List.of(endless))
				.doFinally((signal) -> ended.set(true))
				.subscribe();
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			run.dispose();
			// The calls were subscribed on an event loop: their cancellation may end there.
			assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ended).isTrue();
		}
	}

	@Test
	void theStreamedRunGivesTheModelsEventsThenTheCallsAsTheyRunThenTheRun(MockOpenAIServer server) {
		SlowTools tools = new SlowTools();
		try (TestClient client = TestClient.of(server)) {
			List<ToolRunEvent<ResponseStreamEvent, Response>> events = client.openai()
				.responses()
				.runToolsStreaming(ask("call get_weather for Paris and Tokyo"), List.of(tools.tool("get_weather", "sunny")))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(tools.mostAtOnce).hasValue(2);
			List<String> kinds = events.stream().map((event) -> event.getClass().getSimpleName()).distinct().toList();
			assertThat(kinds).containsExactly("ModelEvent", "ToolCallStarted", "ToolCallFinished", "Finished");
			assertThat(events).filteredOn(ToolRunEvent.ToolCallStarted.class::isInstance)
				.extracting((event) -> ((ToolRunEvent.ToolCallStarted<?, ?>) event).arguments())
				.containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Tokyo\"}");
			assertThat(events).filteredOn(ToolRunEvent.ModelEvent.class::isInstance)
				.extracting((event) -> ((ToolRunEvent.ModelEvent<?, ?>) event).turn())
				.containsOnly(1, 2);
			String answerDeltas = events.stream()
				.filter((event) -> event instanceof ToolRunEvent.ModelEvent<?, ?> model && model.turn() == 2
						&& model.event() instanceof ResponseTextDeltaEvent)
				.map((event) -> ((ResponseTextDeltaEvent) ((ToolRunEvent.ModelEvent<?, ?>) event).event()).delta())
				.reduce("", String::concat);
			assertThat(answerDeltas).isEqualTo("get_weather(Paris): sunny in Paris; get_weather(Tokyo): sunny in Tokyo");
			assertThat(events).last().isInstanceOfSatisfying(ToolRunEvent.Finished.class, (finished) -> {
				assertThat(finished.run().turns()).isEqualTo(2);
				assertThat(finished.run().calls()).hasSize(2);
			});
		}
		assertThat(JSON.readTree(server.requests().get(1).body()).path("previous_response_id").asString())
			.startsWith("resp_");
	}

	@Test
	void chatRunsSendTheWholeConversationBackWithOneToolMessagePerCall(MockOpenAIServer server) {
		SlowTools tools = new SlowTools();
		try (TestClient client = TestClient.of(server)) {
			ToolRun<ChatCompletion> run = client.openai()
				.chat()
				.completions()
				.runTools(ChatCompletionCreateParams.builder()
					.model("gpt-4o")
					.addUserMessage("call get_weather for Paris and Tokyo")
					.build(), List.of(tools.tool("get_weather", "sunny")))
				.block(TestClient.TIMEOUT);
			assertThat(run.answer().choices().get(0).message().content())
				.isEqualTo("get_weather(Paris): sunny in Paris; get_weather(Tokyo): sunny in Tokyo");
			assertThat(tools.mostAtOnce).hasValue(2);
		}
		JsonNode second = JSON.readTree(server.requests().get(1).body());
		assertThat(second.path("messages")).extracting((message) -> message.path("role").asString())
			.containsExactly("user", "assistant", "tool", "tool");
		assertThat(second.at("/messages/1/tool_calls")).hasSize(2);
		assertThat(second.at("/messages/2/tool_call_id").asString())
			.isEqualTo(second.at("/messages/1/tool_calls/0/id").asString());
		assertThat(second.path("tools")).hasSize(1);
	}

	@Test
	void streamedChatRunsGatherTheToolCallDeltasIntoCalls(MockOpenAIServer server) {
		SlowTools tools = new SlowTools();
		try (TestClient client = TestClient.of(server)) {
			List<ToolRunEvent<ChatCompletionChunk, ChatCompletion>> events = client.openai()
				.chat()
				.completions()
				.runToolsStreaming(ChatCompletionCreateParams.builder()
					.model("gpt-4o")
					.addUserMessage("call get_weather for Paris and Tokyo")
					.build(), List.of(tools.tool("get_weather", "sunny")))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).filteredOn(ToolRunEvent.ToolCallStarted.class::isInstance)
				.extracting((event) -> ((ToolRunEvent.ToolCallStarted<?, ?>) event).arguments())
				.containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Tokyo\"}");
			assertThat(events).last().isInstanceOfSatisfying(ToolRunEvent.Finished.class, (finished) -> {
				ChatCompletion answer = (ChatCompletion) finished.run().answer();
				assertThat(answer.choices().get(0).message().content())
					.isEqualTo("get_weather(Paris): sunny in Paris; get_weather(Tokyo): sunny in Tokyo");
				assertThat(answer.choices().get(0).finishReason()).isEqualTo("stop");
			});
			assertThat(tools.mostAtOnce).hasValue(2);
		}
		JsonNode second = JSON.readTree(server.requests().get(1).body());
		assertThat(second.at("/messages/1/tool_calls/1/function/arguments").asString()).isEqualTo("{\"city\":\"Tokyo\"}");
		assertThat(second.at("/messages/3/tool_call_id").asString())
			.isEqualTo(second.at("/messages/1/tool_calls/1/id").asString());
	}

	@Test
	void toolsAreCheckedWhenTheyAreMade() {
		record Loose(Object anything) {
		}
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Tool.of("get weather", null, City.class, (args) -> Mono.empty()))
			.withMessageContaining("'get weather'");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Tool.of("loose", null, Loose.class, (args) -> Mono.empty()))
			.withMessageContaining("Loose.anything");
	}

}
