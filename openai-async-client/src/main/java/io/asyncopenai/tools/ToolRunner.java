package io.asyncopenai.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	private final OpenAITools tools = new OpenAITools();

	private final ToolRunOptions options;

	private final JsonMapper mapper;

	/**
	 * A runner.
	 * @param tools the tools the model may call, with distinct names
	 * @param options how to run them
	 * @param mapper the client's mapper, to read arguments and write outputs
	 */
	public ToolRunner(List<? extends Tool<?>> tools, ToolRunOptions options, JsonMapper mapper) {
		if (tools.isEmpty()) {
			throw new IllegalArgumentException("A tool run needs at least one tool");
		}
		this.tools.add(tools);
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
		return run(new Responses(), params, create);
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
		return stream(new Responses(), params, createStreaming);
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
		return run(new Chat(), params, create);
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
		return stream(new Chat(), params, createStreaming);
	}

	private <P, E, R> Mono<ToolRun<R>> run(Conversation<P, E, R> conversation, P params,
			Function<P, Mono<R>> create) {
		return Mono.defer(() -> turn(conversation, conversation.withTools(params, this.tools.all()), create, 1,
				new ArrayList<>()));
	}

	private <P, E, R> Mono<ToolRun<R>> turn(Conversation<P, E, R> conversation, P params,
			Function<P, Mono<R>> create, int turn, List<ToolCallOutcome> outcomes) {
		return create.apply(params).flatMap((answer) -> {
			List<Call> calls = conversation.calls(answer);
			if (calls.isEmpty()) {
				return Mono.just(new ToolRun<>(answer, outcomes, turn));
			}
			if (turn >= this.options.maxTurns()) {
				return Mono.error(turnLimit(calls, turn));
			}
			return Flux.fromIterable(calls)
				.flatMapSequential((call) -> run(call, turn), this.options.maxConcurrency())
				.collectList()
				.flatMap((results) -> {
					outcomes.addAll(results);
					return turn(conversation, conversation.next(params, answer, results), create, turn + 1, outcomes);
				});
		});
	}

	private <P, E, R> Flux<ToolRunEvent<E, R>> stream(Conversation<P, E, R> conversation, P params,
			Function<P, Flux<E>> createStreaming) {
		return Flux.defer(() -> streamedTurn(conversation, conversation.withTools(params, this.tools.all()),
				createStreaming, 1, new ArrayList<>()));
	}

	private <P, E, R> Flux<ToolRunEvent<E, R>> streamedTurn(Conversation<P, E, R> conversation, P params,
			Function<P, Flux<E>> createStreaming, int turn, List<ToolCallOutcome> outcomes) {
		TurnResult<E, R> result = conversation.newTurn();
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
			List<Call> calls = conversation.calls(answer);
			if (calls.isEmpty()) {
				return Flux.just(new ToolRunEvent.Finished<>(new ToolRun<>(answer, outcomes, turn)));
			}
			if (turn >= this.options.maxTurns()) {
				return Flux.error(turnLimit(calls, turn));
			}
			// Finished calls are told as they finish; the next turn sends them in the model's order.
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
				return streamedTurn(conversation, conversation.next(params, answer, inOrder), createStreaming,
						turn + 1, outcomes);
			}));
		}));
	}

	private static ToolRunException turnLimit(List<Call> calls, int turn) {
		return new ToolRunException("The model still called tools ("
				+ String.join(", ", calls.stream().map(Call::name).toList()) + ") after " + turn
				+ " turns, the limit of this run", null);
	}

	private Mono<ToolCallOutcome> run(Call call, int turn) {
		Duration timeout = this.options.toolTimeout();
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return Mono.defer(() -> this.tools.require(call.name()).call(call.arguments(), this.mapper))
				.timeout(timeout)
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

	/**
	 * What one API asks of a run: how its request declares the tools, where its answer's tool
	 * calls are, how the next request carries their outputs, and how a streamed answer is
	 * gathered.
	 *
	 * @param <P> the request
	 * @param <E> an event of a streamed answer
	 * @param <R> the answer
	 */
	private interface Conversation<P, E, R> {

		P withTools(P params, List<Tool<?>> tools);

		List<Call> calls(R answer);

		P next(P params, R answer, List<ToolCallOutcome> results);

		TurnResult<E, R> newTurn();

	}

	/** The model's answer of one streamed turn, from its events. */
	private interface TurnResult<E, R> {

		void add(E event);

		@Nullable R result();

	}

	/** The Responses API: outputs go on from the stored response ({@code previous_response_id}). */
	private static final class Responses implements Conversation<ResponseCreateParams, ResponseStreamEvent, Response> {

		@Override
		public ResponseCreateParams withTools(ResponseCreateParams params, List<Tool<?>> tools) {
			ResponseCreateParams.Builder withTools = params.toBuilder();
			tools.forEach((tool) -> withTools.addTool(tool.functionTool()));
			return withTools.build();
		}

		@Override
		public List<Call> calls(Response response) {
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

		@Override
		public ResponseCreateParams next(ResponseCreateParams params, Response response,
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

	}

	/**
	 * The Chat Completions API: the whole conversation goes again, with the model's message
	 * that called the tools and one tool message per call.
	 */
	private static final class Chat
			implements Conversation<ChatCompletionCreateParams, ChatCompletionChunk, ChatCompletion> {

		@Override
		public ChatCompletionCreateParams withTools(ChatCompletionCreateParams params, List<Tool<?>> tools) {
			ChatCompletionCreateParams.Builder withTools = params.toBuilder();
			tools.forEach((tool) -> withTools.addTool(tool.chatCompletionTool()));
			return withTools.build();
		}

		@Override
		public List<Call> calls(ChatCompletion completion) {
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

		@Override
		public ChatCompletionCreateParams next(ChatCompletionCreateParams params, ChatCompletion completion,
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

		@Override
		public TurnResult<ChatCompletionChunk, ChatCompletion> newTurn() {
			ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
			return new TurnResult<>() {

				private boolean any;

				@Override
				public void add(ChatCompletionChunk chunk) {
					accumulator.add(chunk);
					this.any = true;
				}

				@Override
				public @Nullable ChatCompletion result() {
					return this.any ? accumulator.completion() : null;
				}

			};
		}

		private static @Nullable ChatCompletionMessage firstMessage(ChatCompletion completion) {
			return completion.choices().isEmpty() ? null : completion.choices().get(0).message();
		}

	}

}
