package io.asyncopenai.services;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.models.ResponseTextParam;
import io.asyncopenai.models.TextResponseFormatConfiguration;
import io.asyncopenai.models.responses.ParsedResponse;
import io.asyncopenai.models.responses.ParsedResponseStreamEvent;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseCreateParamsHelpers;
import io.asyncopenai.models.responses.ResponseCreatedEvent;
import io.asyncopenai.models.responses.ResponseRetrieveParams;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseStreamEvents;
import io.asyncopenai.models.responses.ResponsesServerEvent;
import io.asyncopenai.services.responses.ResponsesConnection;
import io.asyncopenai.structured.JsonSchemas;
import io.asyncopenai.tools.Tool;
import io.asyncopenai.tools.ToolRun;
import io.asyncopenai.tools.ToolRunEvent;
import io.asyncopenai.tools.ToolRunOptions;
import io.asyncopenai.tools.ToolRunner;

/**
 * {@code /responses}: the hand-written part of {@link ResponseService}, which adds the
 * resource's operations.
 */
public abstract class ResponseServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected ResponseServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Creates a model response.
	 * @param params the request
	 * @param options options of this call
	 * @return the response
	 */
	public abstract Mono<Response> create(ResponseCreateParams params, RequestOptions options);

	/**
	 * Opens a connection to the Responses API's WebSocket mode ({@code wss://…/v1/responses}),
	 * for many responses in sequence on one connection.
	 * @return the open connection
	 */
	public Mono<ResponsesConnection> connect() {
		return connect(RequestOptions.none());
	}

	/**
	 * Opens a connection to the Responses API's WebSocket mode.
	 * @param options extra headers and query parameters, and the timeout of the handshake
	 * @return the open connection; a refused handshake fails with the status's
	 * {@code APIStatusException}
	 */
	public Mono<ResponsesConnection> connect(RequestOptions options) {
		return this.caller.webSocket(ApiPath.literal("/responses"), options, ResponsesServerEvent.class)
			.map(ResponsesConnection::new);
	}

	/**
	 * Creates a model response, streamed.
	 * @param params the request
	 * @return the events
	 */
	public abstract Flux<ResponseStreamEvent> createStreaming(ResponseCreateParams params);

	/**
	 * Creates a model response, streamed.
	 * @param params the request
	 * @param options options of this call
	 * @return the events
	 */
	public abstract Flux<ResponseStreamEvent> createStreaming(ResponseCreateParams params, RequestOptions options);

	/**
	 * Creates a response whose answer is JSON of a Java type (Structured Outputs) and reads it
	 * into that type. The params ask for the type's strict JSON schema unless they already ask
	 * for a JSON schema ({@code text(Answer.class)} or one written by hand).
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param <T> the type of the answer
	 * @return the answer, or the model's refusal, with the response; a
	 * {@link io.asyncopenai.errors.StructuredOutputException} if the answer was cut off or does
	 * not fit the type
	 */
	public <T> Mono<ParsedResponse<T>> parse(ResponseCreateParams params, Class<T> type) {
		return parse(params, type, RequestOptions.none());
	}

	/**
	 * Creates a response whose answer is JSON of a Java type, as
	 * {@link #parse(ResponseCreateParams, Class)} does.
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param options options of this call
	 * @param <T> the type of the answer
	 * @return the answer, or the model's refusal, with the response
	 */
	public <T> Mono<ParsedResponse<T>> parse(ResponseCreateParams params, Class<T> type, RequestOptions options) {
		return Mono.fromCallable(() -> askingFor(params, type))
			.flatMap((request) -> create(request, options))
			.map((response) -> ParsedResponse.of(response, type, this.caller.mapper()));
	}

	/**
	 * Streams a response whose answer is JSON of a Java type: every event as it arrives (the
	 * text deltas are the JSON being written), then the answer read into the type when the
	 * response completes.
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param <T> the type of the answer
	 * @return the events, then the parsed response
	 */
	public <T> Flux<ParsedResponseStreamEvent<T>> parseStreaming(ResponseCreateParams params, Class<T> type) {
		return parseStreaming(params, type, RequestOptions.none());
	}

	/**
	 * Streams a response whose answer is JSON of a Java type, as
	 * {@link #parseStreaming(ResponseCreateParams, Class)} does.
	 * @param params the request
	 * @param type a record or bean whose properties are the answer's
	 * @param options options of this call
	 * @param <T> the type of the answer
	 * @return the events, then the parsed response
	 */
	public <T> Flux<ParsedResponseStreamEvent<T>> parseStreaming(ResponseCreateParams params, Class<T> type,
			RequestOptions options) {
		return Mono.fromCallable(() -> askingFor(params, type))
			.flatMapMany((request) -> createStreaming(request, options))
			.concatMapIterable((event) -> {
				ParsedResponseStreamEvent<T> streamed = new ParsedResponseStreamEvent.Streamed<>(event);
				Response finished = ResponseStreamEvents.finalResponse(event);
				if (finished == null) {
					return List.of(streamed);
				}
				ParsedResponse<T> parsed = ParsedResponse.of(finished, type, this.caller.mapper());
				return List.of(streamed, new ParsedResponseStreamEvent.Parsed<>(parsed));
			});
	}

	/**
	 * Runs tools for the model until it answers: calls it with the tools, runs every tool
	 * call of a turn concurrently, sends the outputs back ({@code previous_response_id}) and
	 * repeats, as {@link ToolRunner} describes, with the default {@link ToolRunOptions}.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @return the final response and every tool call
	 */
	public Mono<ToolRun<Response>> runTools(ResponseCreateParams params, List<? extends Tool<?>> tools) {
		return runTools(params, tools, ToolRunOptions.defaults(), RequestOptions.none());
	}

	/**
	 * Runs tools for the model until it answers, as
	 * {@link #runTools(ResponseCreateParams, List)} does.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @param runOptions the turn limit, concurrency, timeout and failure handling
	 * @param options options of each model call
	 * @return the final response and every tool call
	 */
	public Mono<ToolRun<Response>> runTools(ResponseCreateParams params, List<? extends Tool<?>> tools,
			ToolRunOptions runOptions, RequestOptions options) {
		return Mono.defer(() -> new ToolRunner(tools, runOptions, this.caller.mapper()).runResponses(params,
				(request) -> create(request, options)));
	}

	/**
	 * Runs tools for the model until it answers, streamed: each model call's events as they
	 * arrive, the tool calls as they start and finish, then the finished run, as
	 * {@link ToolRunner#streamResponses} describes, with the default {@link ToolRunOptions}.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @return the events of the run
	 */
	public Flux<ToolRunEvent<ResponseStreamEvent, Response>> runToolsStreaming(ResponseCreateParams params,
			List<? extends Tool<?>> tools) {
		return runToolsStreaming(params, tools, ToolRunOptions.defaults(), RequestOptions.none());
	}

	/**
	 * Runs tools for the model until it answers, streamed, as
	 * {@link #runToolsStreaming(ResponseCreateParams, List)} does.
	 * @param params the request; the tools are added to its own
	 * @param tools the tools the model may call
	 * @param runOptions the turn limit, concurrency, timeout and failure handling
	 * @param options options of each model call
	 * @return the events of the run
	 */
	public Flux<ToolRunEvent<ResponseStreamEvent, Response>> runToolsStreaming(ResponseCreateParams params,
			List<? extends Tool<?>> tools, ToolRunOptions runOptions, RequestOptions options) {
		return Flux.defer(() -> new ToolRunner(tools, runOptions, this.caller.mapper()).streamResponses(params,
				(request) -> createStreaming(request, options)));
	}

	private static ResponseCreateParams askingFor(ResponseCreateParams params, Class<?> type) {
		ResponseTextParam text = params.text();
		if (text != null && text.format() instanceof TextResponseFormatConfiguration.JsonSchema) {
			return params;
		}
		ResponseTextParam format = ResponseCreateParamsHelpers.jsonSchemaText(JsonSchemas.strict(type));
		ResponseTextParam asked = (text != null) ? text.toBuilder().format(format.format()).build() : format;
		return params.toBuilder().text(asked).build();
	}

	/**
	 * Streams a stored response again.
	 * @param responseId the response
	 * @param params where to start, with {@code startingAfter}
	 * @return the events
	 */
	public abstract Flux<ResponseStreamEvent> retrieveStreaming(String responseId, ResponseRetrieveParams params);

	/**
	 * Creates a response that runs in the background ({@code background: true}) and streams its
	 * events; when the connection drops, asks for the stream again from the event after the last
	 * one received ({@code starting_after}), so that no event is lost or repeated. The response
	 * goes on on the API's side meanwhile. Resumes as often as the client's {@code maxRetries};
	 * each resume's own request is retried like any stream before its first event.
	 * @param params the request; {@code background} is set to {@code true}
	 * @return every event of the response, once each
	 */
	public Flux<ResponseStreamEvent> streamInBackground(ResponseCreateParams params) {
		ResponseCreateParams background = params.toBuilder().background(true).build();
		return Flux.defer(() -> {
			Resume resume = new Resume(this.caller.options().maxRetries());
			return resume.follow(createStreaming(background));
		});
	}

	/**
	 * What one background stream has received so far, to resume it from there.
	 */
	private final class Resume {

		private final AtomicReference<String> responseId = new AtomicReference<>();

		private final AtomicLong lastSequenceNumber = new AtomicLong(-1);

		private final AtomicInteger resumesLeft;

		Resume(int maxResumes) {
			this.resumesLeft = new AtomicInteger(maxResumes);
		}

		Flux<ResponseStreamEvent> follow(Flux<ResponseStreamEvent> events) {
			return events
				// A stream that is resumed repeats nothing it has sent.
				.filter((event) -> event.sequenceNumber() == null || event.sequenceNumber() > this.lastSequenceNumber.get())
				.doOnNext(this::received)
				.onErrorResume(APIConnectionException.class, (failure) -> {
					String id = this.responseId.get();
					if (id == null || this.resumesLeft.getAndDecrement() <= 0) {
						return Flux.error(failure);
					}
					ResponseRetrieveParams from = ResponseRetrieveParams.builder()
						.startingAfter(this.lastSequenceNumber.get())
						.build();
					return follow(retrieveStreaming(id, from));
				});
		}

		private void received(ResponseStreamEvent event) {
			if (event instanceof ResponseCreatedEvent created) {
				this.responseId.set(created.response().id());
			}
			if (event.sequenceNumber() != null) {
				this.lastSequenceNumber.set(event.sequenceNumber());
			}
		}

	}

}
