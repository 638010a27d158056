package io.asyncopenai.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.models.FunctionCallOutputItemParam;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionAccumulator;
import io.asyncopenai.models.chat.completions.ChatCompletionAssistantMessageParam;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.chat.completions.ChatCompletionMessage;
import io.asyncopenai.models.chat.completions.ChatCompletionMessageParam;
import io.asyncopenai.models.chat.completions.ChatCompletionMessageToolCall;
import io.asyncopenai.models.chat.completions.ChatCompletionMessageToolCalls;
import io.asyncopenai.models.chat.completions.ChatCompletionToolMessageParam;
import io.asyncopenai.models.responses.Item;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseFunctionToolCall;
import io.asyncopenai.models.responses.ResponseInputItem;
import io.asyncopenai.models.responses.ResponseOutputItem;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseStreamEvents;

/**
 * Runs the loop of tool calling: calls the model with the tools, runs every tool call of its
 * answer concurrently (at most {@link ToolRunOptions#maxConcurrency()} at once, each within
 * {@link ToolRunOptions#toolTimeout()}), sends the outputs back, and repeats until the model
 * answers without calling a tool or the turn limit is reached. Cancelling the run cancels the
 * model call or the tool calls in flight. The services give it as {@code runTools}.
 */
public final class ToolRunner {

	private final Map<String, Tool<?>> tools;

	private final ToolRunOptions options;

	private final JsonMapper mapper;

	/**
	 * A runner.
	 * @param tools the tools the model may call, with distinct names
	 * @param options how to run them
	 * @param mapper the client's mapper, to read arguments and write outputs
	 */
	public ToolRunner(List<? extends Tool<?>> tools, ToolRunOptions options, JsonMapper mapper) {
		Map<String, Tool<?>> byName = new LinkedHashMap<>();
		for (Tool<?> tool : tools) {
			if (byName.putIfAbsent(tool.name(), tool) != null) {
				throw new IllegalArgumentException("Two tools are named " + tool.name());
			}
		}
		if (byName.isEmpty()) {
			throw new IllegalArgumentException("A tool run needs at least one tool");
		}
		this.tools = byName;
		this.options = options;
		this.mapper = mapper;
	}

	/**
	 * Runs a Responses conversation: each turn after the first continues the previous response
	 * ({@code previous_response_id}) with the calls' outputs, so the responses must be stored
	 * (the API's default).
	 * @param params the request; the tools are added to its own
	 * @param create what creates a response (the service's {@code create})
	 * @return the final response and every call
	 */
	public Mono<ToolRun<Response>> runResponses(ResponseCreateParams params,
			Function<ResponseCreateParams, Mono<Response>> create) {
		return Mono.defer(() -> {
			ResponseCreateParams.Builder withTools = params.toBuilder();
			this.tools.values().forEach((tool) -> withTools.addTool(tool.functionTool()));
			return responsesTurn(withTools.build(), create, 1, new ArrayList<>());
		});
	}

	private Mono<ToolRun<Response>> responsesTurn(ResponseCreateParams params,
			Function<ResponseCreateParams, Mono<Response>> create, int turn, List<ToolCallOutcome> outcomes) {
		return create.apply(params).flatMap((response) -> {
			List<Call> calls = functionCalls(response);
			if (calls.isEmpty()) {
				return Mono.just(new ToolRun<>(response, outcomes, turn));
			}
			return runCalls(calls, turn).flatMap((results) -> {
				outcomes.addAll(results);
				return responsesTurn(nextTurn(params, response, results), create, turn + 1, outcomes);
			});
		});
	}

	/**
	 * Runs a Responses conversation streamed, as {@link #runResponses} does: each model call is
	 * streamed, and its tool calls run when its {@code response.completed} event arrives.
	 * @param params the request; the tools are added to its own
	 * @param createStreaming what streams a response (the service's {@code createStreaming})
	 * @return the model's events, the tool calls as they start and finish, then the run
	 */
	public Flux<ToolRunEvent<ResponseStreamEvent, Response>> streamResponses(ResponseCreateParams params,
			Function<ResponseCreateParams, Flux<ResponseStreamEvent>> createStreaming) {
		return Flux.defer(() -> {
			ResponseCreateParams.Builder withTools = params.toBuilder();
			this.tools.values().forEach((tool) -> withTools.addTool(tool.functionTool()));
			return streamedTurn(withTools.build(), createStreaming, new StreamedTurns<>() {

				@Override
				public TurnResult<ResponseStreamEvent, Response> newTurn() {
					AtomicReference<@Nullable Response> finished = new AtomicReference<>();
					return new TurnResult<>() {

						@Override
						public void add(ResponseStreamEvent event) {
							Response response = ResponseStreamEvents.finalResponse(event);
							if (response != null) {
								finished.set(response);
							}
						}

						@Override
						public @Nullable Response result() {
							return finished.get();
						}

					};
				}

				@Override
				public List<Call> calls(Response response) {
					return functionCalls(response);
				}

				@Override
				public ResponseCreateParams next(ResponseCreateParams request, Response response,
						List<ToolCallOutcome> results) {
					return nextTurn(request, response, results);
				}

			}, 1, new ArrayList<>());
		});
	}

	/**
	 * Runs a Chat Completions conversation streamed, as {@link #runChat} does: each model call
	 * is streamed, its chunks gathered ({@link ChatCompletionAccumulator}), and its tool calls
	 * run when its stream ends.
	 * @param params the request; the tools are added to its own
	 * @param createStreaming what streams a completion (the service's {@code createStreaming})
	 * @return the model's chunks, the tool calls as they start and finish, then the run
	 */
	public Flux<ToolRunEvent<ChatCompletionChunk, ChatCompletion>> streamChat(ChatCompletionCreateParams params,
			Function<ChatCompletionCreateParams, Flux<ChatCompletionChunk>> createStreaming) {
		return Flux.defer(() -> {
			ChatCompletionCreateParams.Builder withTools = params.toBuilder();
			this.tools.values().forEach((tool) -> withTools.addTool(tool.chatCompletionTool()));
			return streamedTurn(withTools.build(), createStreaming, new StreamedTurns<>() {

				@Override
				public TurnResult<ChatCompletionChunk, ChatCompletion> newTurn() {
					ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
					boolean[] any = { false };
					return new TurnResult<>() {

						@Override
						public void add(ChatCompletionChunk chunk) {
							accumulator.add(chunk);
							any[0] = true;
						}

						@Override
						public @Nullable ChatCompletion result() {
							return any[0] ? accumulator.completion() : null;
						}

					};
				}

				@Override
				public List<Call> calls(ChatCompletion completion) {
					return chatCalls(completion);
				}

				@Override
				public ChatCompletionCreateParams next(ChatCompletionCreateParams request, ChatCompletion completion,
						List<ToolCallOutcome> results) {
					return chatNextTurn(request, completion, results);
				}

			}, 1, new ArrayList<>());
		});
	}

	/** How a streamed run reads one kind of model stream. */
	private interface StreamedTurns<P, E, R> {

		TurnResult<E, R> newTurn();

		List<Call> calls(R result);

		P next(P params, R result, List<ToolCallOutcome> results);

	}

	/** The model's result of one streamed turn, from its events. */
	private interface TurnResult<E, R> {

		void add(E event);

		@Nullable R result();

	}

	private <P, E, R> Flux<ToolRunEvent<E, R>> streamedTurn(P params, Function<P, Flux<E>> createStreaming,
			StreamedTurns<P, E, R> turns, int turn, List<ToolCallOutcome> outcomes) {
		TurnResult<E, R> result = turns.newTurn();
		Flux<ToolRunEvent<E, R>> model = createStreaming.apply(params).map((event) -> {
			result.add(event);
			return new ToolRunEvent.ModelEvent<>(turn, event);
		});
		return model.concatWith(Flux.defer(() -> {
			R answer = result.result();
			if (answer == null) {
				return Flux.error(new ToolRunException(
						"The model's stream of turn " + turn + " ended before its answer was complete", null));
			}
			List<Call> calls = turns.calls(answer);
			if (calls.isEmpty()) {
				return Flux.just(new ToolRunEvent.Finished<>(new ToolRun<>(answer, outcomes, turn)));
			}
			if (turn >= this.options.maxTurns()) {
				return Flux.error(turnLimit(calls, turn));
			}
			ToolCallOutcome[] results = new ToolCallOutcome[calls.size()];
			Flux<ToolRunEvent<E, R>> started = Flux.fromIterable(calls)
				.map((call) -> new ToolRunEvent.ToolCallStarted<>(turn, call.id(), call.name(), call.arguments()));
			Flux<ToolRunEvent<E, R>> ran = Flux.range(0, calls.size())
				.flatMap((index) -> run(calls.get(index), turn).doOnNext((outcome) -> results[index] = outcome),
						this.options.maxConcurrency())
				.map(ToolRunEvent.ToolCallFinished::new);
			return started.concatWith(ran).concatWith(Flux.defer(() -> {
				List<ToolCallOutcome> inOrder = List.of(results);
				outcomes.addAll(inOrder);
				return streamedTurn(turns.next(params, answer, inOrder), createStreaming, turns, turn + 1, outcomes);
			}));
		}));
	}

	private static List<Call> functionCalls(Response response) {
		List<Call> calls = new ArrayList<>();
		if (response.output() != null) {
			for (ResponseOutputItem item : response.output()) {
				if (item instanceof ResponseFunctionToolCall call) {
					calls.add(new Call(call.callId(), call.name(), call.arguments()));
				}
			}
		}
		return calls;
	}

	/** The request that continues a response with the outputs of its tool calls. */
	private static ResponseCreateParams nextTurn(ResponseCreateParams params, Response response,
			List<ToolCallOutcome> results) {
		List<ResponseInputItem> outputs = new ArrayList<>(results.size());
		for (ToolCallOutcome result : results) {
			outputs.add(ResponseInputItem.of(Item.of(FunctionCallOutputItemParam.builder()
				.callId(result.callId())
				.output(result.output())
				.build())));
		}
		return params.toBuilder().previousResponseId(response.id()).input(outputs).build();
	}

	/**
	 * Runs a Chat Completions conversation: each turn sends the whole conversation again, with
	 * the model's message that called the tools and one tool message per call. The first
	 * choice is followed when {@code n} asks for several.
	 * @param params the request; the tools are added to its own
	 * @param create what creates a completion (the service's {@code create})
	 * @return the final completion and every call
	 */
	public Mono<ToolRun<ChatCompletion>> runChat(ChatCompletionCreateParams params,
			Function<ChatCompletionCreateParams, Mono<ChatCompletion>> create) {
		return Mono.defer(() -> {
			ChatCompletionCreateParams.Builder withTools = params.toBuilder();
			this.tools.values().forEach((tool) -> withTools.addTool(tool.chatCompletionTool()));
			return chatTurn(withTools.build(), create, 1, new ArrayList<>());
		});
	}

	private Mono<ToolRun<ChatCompletion>> chatTurn(ChatCompletionCreateParams params,
			Function<ChatCompletionCreateParams, Mono<ChatCompletion>> create, int turn,
			List<ToolCallOutcome> outcomes) {
		return create.apply(params).flatMap((completion) -> {
			List<Call> calls = chatCalls(completion);
			if (calls.isEmpty()) {
				return Mono.just(new ToolRun<>(completion, outcomes, turn));
			}
			return runCalls(calls, turn).flatMap((results) -> {
				outcomes.addAll(results);
				return chatTurn(chatNextTurn(params, completion, results), create, turn + 1, outcomes);
			});
		});
	}

	private static List<Call> chatCalls(ChatCompletion completion) {
		List<Call> calls = new ArrayList<>();
		ChatCompletionMessage message = firstMessage(completion);
		if (message != null && message.toolCalls() != null) {
			for (ChatCompletionMessageToolCalls.ChatCompletionMessageToolCall toolCall : message.toolCalls()) {
				if (toolCall instanceof ChatCompletionMessageToolCalls.ChatCompletionMessageToolCall.Function function) {
					ChatCompletionMessageToolCall call = function.value();
					calls.add(new Call(call.id(), call.function().name(), call.function().arguments()));
				}
			}
		}
		return calls;
	}

	private static @Nullable ChatCompletionMessage firstMessage(ChatCompletion completion) {
		return completion.choices().isEmpty() ? null : completion.choices().get(0).message();
	}

	/**
	 * The request that goes on with the conversation: the model's message that called the
	 * tools, then one tool message per call.
	 */
	private static ChatCompletionCreateParams chatNextTurn(ChatCompletionCreateParams params, ChatCompletion completion,
			List<ToolCallOutcome> results) {
		ChatCompletionMessage message = firstMessage(completion);
		List<ChatCompletionMessageParam> messages = new ArrayList<>(params.messages());
		if (message != null) {
			messages.add(ChatCompletionMessageParam.of(ChatCompletionAssistantMessageParam.builder()
				.content(message.content())
				.toolCalls(message.toolCalls())
				.build()));
		}
		for (ToolCallOutcome result : results) {
			messages.add(ChatCompletionMessageParam.of(ChatCompletionToolMessageParam.builder()
				.toolCallId(result.callId())
				.content(result.output())
				.build()));
		}
		return params.toBuilder().messages(messages).build();
	}

	/** Runs the calls of one turn concurrently; the outcomes keep the model's order. */
	private Mono<List<ToolCallOutcome>> runCalls(List<Call> calls, int turn) {
		if (turn >= this.options.maxTurns()) {
			return Mono.error(turnLimit(calls, turn));
		}
		return Flux.fromIterable(calls)
			.flatMapSequential((call) -> run(call, turn), this.options.maxConcurrency())
			.collectList();
	}

	private static ToolRunException turnLimit(List<Call> calls, int turn) {
		return new ToolRunException("The model still called tools ("
				+ String.join(", ", calls.stream().map(Call::name).toList()) + ") after " + turn
				+ " turns, the limit of this run", null);
	}

	private Mono<ToolCallOutcome> run(Call call, int turn) {
		Tool<?> tool = this.tools.get(call.name());
		Duration timeout = this.options.toolTimeout();
		return Mono.defer(() -> {
			long start = System.nanoTime();
			Mono<String> output = (tool != null) ? tool.call(call.arguments(), this.mapper)
					: Mono.error(new IllegalArgumentException("There is no tool named " + call.name() + "; the tools are "
							+ String.join(", ", this.tools.keySet())));
			return output.timeout(timeout)
				.map((text) -> outcome(call, turn, text, null, start))
				.onErrorResume((failure) -> {
					Throwable reported = (failure instanceof TimeoutException)
							? new ToolRunException("The tool " + call.name() + " did not finish within " + timeout, failure)
							: failure;
					if (!this.options.sendFailuresToModel()) {
						return Mono.error((reported instanceof ToolRunException) ? reported
								: new ToolRunException("The tool " + call.name() + " failed: " + reported.getMessage(),
										reported));
					}
					return Mono.just(outcome(call, turn, "Error: " + reported.getMessage(), reported, start));
				});
		});
	}

	private static ToolCallOutcome outcome(Call call, int turn, String output, @Nullable Throwable failure,
			long start) {
		return new ToolCallOutcome(turn, call.id(), call.name(), call.arguments(), output, failure,
				Duration.ofNanos(System.nanoTime() - start));
	}

	/** A call the model asked for. */
	private record Call(String id, String name, String arguments) {

	}

}
