package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.tools.OpenAITools;
import io.asyncopenai.tools.ToolCallOutcome;
import io.asyncopenai.tools.ToolRun;

/**
 * The sample's tools API: one question, the model's calls of the {@link TravelTools} run at
 * once, and the answer with every call and how long it took.
 */
@RestController
@RequestMapping("/api/tools")
class ToolsController {

	/** The question the tools page starts with: it names the three tools, which the mock calls. */
	static final String DEFAULT_QUESTION = "Plan my afternoon: use get_weather for Lisbon; get_local_time for Lisbon; "
			+ "get_events for Lisbon.";

	private final AsyncOpenAI openAI;

	private final OpenAITools tools;

	private final SampleProperties properties;

	ToolsController(AsyncOpenAI openAI, OpenAITools tools, SampleProperties properties) {
		this.openAI = openAI;
		this.tools = tools;
		this.properties = properties;
	}

	/** Runs the question with the travel tools until the model answers. */
	@PostMapping("/ask")
	Mono<ToolsAnswer> ask(@RequestBody Question question) {
		if (question.question() == null || question.question().isBlank()) {
			throw new ServerWebInputException("question must not be blank");
		}
		ResponseCreateParams params = ResponseCreateParams.builder()
			.model(this.properties.chatModel())
			.input(question.question())
			.build();
		return Mono.defer(() -> {
			long start = System.nanoTime();
			// Selected per request: the starter fills OpenAITools once every bean is created.
			return this.openAI.responses()
				.runTools(params, this.tools.select(TravelTools.NAMES.toArray(String[]::new)))
				.map((run) -> ToolsAnswer.of(run, Duration.ofNanos(System.nanoTime() - start)));
		});
	}

	record Question(@Nullable String question) {

	}

	/**
	 * The model's answer, its calls, and the time taken: with the calls run at once,
	 * {@code elapsedMs} is less than {@code callsMs}, the sum of their durations.
	 */
	record ToolsAnswer(String answer, int turns, List<CallView> calls, long elapsedMs, long callsMs) {

		static ToolsAnswer of(ToolRun<Response> run, Duration elapsed) {
			List<CallView> calls = run.calls().stream().map(CallView::of).toList();
			long callsMs = calls.stream().mapToLong(CallView::durationMs).sum();
			return new ToolsAnswer(run.answer().outputText(), run.turns(), calls, elapsed.toMillis(), callsMs);
		}

	}

	/**
	 * One tool call: its turn, the tool, the arguments the model wrote, the output sent back
	 * (the error's message when it failed) and how long it ran.
	 */
	record CallView(int turn, String name, String arguments, String output, long durationMs, boolean failed) {

		static CallView of(ToolCallOutcome call) {
			return new CallView(call.turn(), call.name(), call.arguments(), call.output(), call.duration().toMillis(),
					call.failed());
		}

	}

}
