package io.asyncopenai.core;

import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.observation.GenAiObservationContext;

import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;

/**
 * The client's request pipeline as services see it: sends a call over an
 * {@link OpenAIHttpClient} with the client's headers, retries and error mapping, and decodes
 * its JSON response or its Server-Sent Events.
 *
 * <p>Failed calls end with an {@link io.asyncopenai.errors.OpenAIException}:
 * {@link io.asyncopenai.errors.APIStatusException} for an error status,
 * {@link io.asyncopenai.errors.APIConnectionException} or its
 * {@link io.asyncopenai.errors.APITimeoutException} when the call could not complete,
 * {@link io.asyncopenai.errors.APIException} for a body that cannot be read as its type.
 * Connection errors, timeouts, 408, 409, 429 and 5xx are retried up to the call's
 * {@code maxRetries}; a stream only until its first event.
 */
public final class ApiCaller {

	/** The {@code User-Agent} of every request. */
	public static final String USER_AGENT = RequestWriter.USER_AGENT;

	private final OpenAIHttpClient transport;

	private final ClientOptions options;

	private final JsonMapper mapper;

	private final RetryPolicy retryPolicy;

	private final RequestWriter writer;

	private final RetryLoop retryLoop;

	private final StreamLoop streamLoop;

	private final StreamEvents streamEventDecoder;

	private final ErrorMapper errors;

	private final GenAiCalls genAiCalls;

	/**
	 * A pipeline over a transport.
	 * @param transport the transport, which the pipeline does not close
	 * @param options the options every request is sent with
	 * @param mapper the JSON mapper of requests and responses, usually {@link OpenAIJson#mapper()}
	 */
	public ApiCaller(OpenAIHttpClient transport, ClientOptions options, JsonMapper mapper) {
		this(transport, options, mapper, new RetryPolicy());
	}

	private ApiCaller(OpenAIHttpClient transport, ClientOptions options, JsonMapper mapper, RetryPolicy retryPolicy) {
		this.transport = transport;
		this.options = options;
		this.mapper = mapper;
		this.retryPolicy = retryPolicy;
		ErrorMapper errors = new ErrorMapper(mapper);
		this.errors = errors;
		ResponseReader reader = new ResponseReader(transport, mapper, errors);
		AttemptFailures failures = new AttemptFailures(transport, errors, retryPolicy);
		this.writer = new RequestWriter(transport, options, mapper);
		this.retryLoop = new RetryLoop(this.writer, reader, failures);
		this.streamEventDecoder = new StreamEvents(mapper, errors);
		this.streamLoop = new StreamLoop(transport, this.writer, reader, failures, this.streamEventDecoder);
		this.genAiCalls = new GenAiCalls(options, transport.name());
	}

	/**
	 * Sends a request and decodes its JSON response.
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param body the request body, serialized as JSON, or {@code null} for none
	 * @param type the type of the response; {@link Void} reads and drops the body and
	 * completes empty
	 * @param options options of this call
	 * @param <T> the type of the response
	 * @return the response
	 */
	public <T> Mono<T> execute(HttpMethod method, ApiPath path, @Nullable Object body, JavaType type,
			RequestOptions options) {
		return Mono.defer(() -> {
			Call call = this.writer.call(method, path, options, (body != null) ? this.writer.json(body) : null);
			return observed(call, path, body, this.retryLoop.run(call, type));
		});
	}

	/**
	 * Sends a request and decodes its JSON response.
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param body the request body, serialized as JSON, or {@code null} for none
	 * @param type the type of the response; {@code Void.class} reads and drops the body and
	 * completes empty
	 * @param options options of this call
	 * @param <T> the type of the response
	 * @return the response
	 */
	public <T> Mono<T> execute(HttpMethod method, ApiPath path, @Nullable Object body, Class<T> type,
			RequestOptions options) {
		return execute(method, path, body, this.mapper.constructType(type), options);
	}

	/**
	 * Sends a request and decodes each Server-Sent Event of its response into a type, until
	 * {@code data: [DONE]} or the end of the stream. An event whose JSON has an {@code error}
	 * ends the stream with an {@link io.asyncopenai.errors.APIException}.
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param body the request body, a JSON object sent with {@code "stream": true} as its first
	 * member, or {@code null} for none
	 * @param eventType the type of each event, {@code JsonNode.class} for any
	 * @param options options of this call
	 * @param <T> the type of each event
	 * @return the events
	 */
	public <T> Flux<T> stream(HttpMethod method, ApiPath path, @Nullable Object body, Class<T> eventType,
			RequestOptions options) {
		return Flux.defer(() -> {
			Call call = this.writer.call(method, path, options, (body != null) ? this.writer.streamJson(body, path) : null);
			return observedStream(call, path, body, this.streamLoop.run(call, eventType));
		});
	}

	/**
	 * Sends a request and reads each Server-Sent Event of its response whole: its
	 * {@code event:} name and {@code id:} with its JSON data, until {@code data: [DONE]} or the
	 * end of the stream, for streams whose event names matter.
	 * @param method the HTTP method, {@code GET} included
	 * @param path the path below the base URL, with its template and query
	 * @param body the request body, a JSON object sent with {@code "stream": true} as its first
	 * member, or {@code null} for none
	 * @param options options of this call
	 * @return the events
	 */
	public Flux<ServerSentEvent<JsonNode>> streamEvents(HttpMethod method, ApiPath path, @Nullable Object body,
			RequestOptions options) {
		return Flux.defer(() -> {
			Call call = this.writer.call(method, path, options, (body != null) ? this.writer.streamJson(body, path) : null);
			return this.streamLoop.run(call, (event) -> {
				ServerSentEvent.Builder<JsonNode> named = ServerSentEvent
					.builder(this.streamEventDecoder.decode(event.dataBytes(), JsonNode.class));
				if (event.event() != null) {
					named.event(event.event());
				}
				if (event.id() != null) {
					named.id(event.id());
				}
				return named.build();
			});
		});
	}

	/**
	 * Sends a {@code multipart/form-data} request and decodes its JSON response. Each
	 * {@link UploadFile} of the params is a file part, streamed as it is sent; every other
	 * field is a text part ({@code name[]} for list items, {@code name[key]} for object
	 * members). The request is retried only if its body can be sent again (see
	 * {@link UploadFile}).
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param params the params, written as a form
	 * @param encodings content types of fields sent whole as one part, by field name
	 * ({@code application/json} writes the value as JSON); usually empty
	 * @param type the type of the response
	 * @param options options of this call
	 * @param <T> the type of the response
	 * @return the response
	 */
	public <T> Mono<T> executeMultipart(HttpMethod method, ApiPath path, Object params, Map<String, String> encodings,
			Class<T> type, RequestOptions options) {
		return Mono.defer(() -> {
			Call call = this.writer.call(method, path, options, null, this.writer.multipart(params, encodings, false),
					null);
			return observed(call, path, params, this.retryLoop.run(call, this.mapper.constructType(type)));
		});
	}

	/**
	 * Sends a {@code multipart/form-data} request with {@code stream=true} and decodes each
	 * Server-Sent Event of its response, as
	 * {@link #stream(HttpMethod, ApiPath, Object, Class, RequestOptions)} does.
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param params the params, written as a form
	 * @param eventType the type of each event
	 * @param options options of this call
	 * @param <T> the type of each event
	 * @return the events
	 */
	public <T> Flux<T> streamMultipart(HttpMethod method, ApiPath path, Object params, Class<T> eventType,
			RequestOptions options) {
		return Flux.defer(() -> {
			Call call = this.writer.call(method, path, options, null, this.writer.multipart(params, Map.of(), true),
					null);
			return observedStream(call, path, params, this.streamLoop.run(call, eventType));
		});
	}

	/**
	 * Sends a request as it is, without adding {@code "stream": true}, and decodes each
	 * Server-Sent Event of its response: for streams asked for another way (a {@code GET}
	 * with {@code ?stream=true}, a {@code stream_format} field).
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param body the JSON body, or {@code null} for none
	 * @param eventType the type of each event, {@code JsonNode.class} for any
	 * @param options options of this call
	 * @param <T> the type of each event
	 * @return the events
	 */
	public <T> Flux<T> events(HttpMethod method, ApiPath path, @Nullable Object body, Class<T> eventType,
			RequestOptions options) {
		return Flux.defer(() -> {
			Call call = this.writer.call(method, path, options, (body != null) ? this.writer.json(body) : null);
			return observedStream(call, path, body, this.streamLoop.run(call, eventType));
		});
	}

	/**
	 * Sends a request whose response is not JSON (file contents, audio, images): the result
	 * arrives with the headers, and its body is read as the caller consumes it, with no size
	 * limit when it is written to a file. Retried until the headers arrive, not after.
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param body the JSON body, or {@code null} for none
	 * @param accept the {@code Accept} header: the content types the caller expects
	 * @param options options of this call
	 * @return the response, whose body is still to be read
	 */
	public Mono<BinaryResponse> download(HttpMethod method, ApiPath path, @Nullable Object body, String accept,
			RequestOptions options) {
		return Mono.defer(() -> {
			Call call = this.writer.call(method, path, options, (body != null) ? this.writer.json(body) : null, null,
					accept);
			return this.retryLoop.download(call);
		});
	}

	/**
	 * Sends a {@code multipart/form-data} request whose response is not JSON, as
	 * {@link #download(HttpMethod, ApiPath, Object, String, RequestOptions)} does.
	 * @param method the HTTP method
	 * @param path the path below the base URL, with its template and query
	 * @param params the params, written as a form
	 * @param encodings content types of fields sent whole as one part, by field name
	 * @param accept the {@code Accept} header: the content types the caller expects
	 * @param options options of this call
	 * @return the response, whose body is still to be read
	 */
	public Mono<BinaryResponse> downloadMultipart(HttpMethod method, ApiPath path, Object params,
			Map<String, String> encodings, String accept, RequestOptions options) {
		return Mono.defer(() -> {
			Call call = this.writer.call(method, path, options, null, this.writer.multipart(params, encodings, false),
					accept);
			return this.retryLoop.download(call);
		});
	}

	/**
	 * Opens a WebSocket connection to a path of the API (the base URL's scheme becoming
	 * {@code ws} or {@code wss}), with the headers of every request and the options' headers
	 * and query; the handshake must be answered within the call's timeout. It is not retried.
	 * @param path the path below the base URL, with its query
	 * @param requestOptions headers, query parameters and timeout of the handshake
	 * @param eventType the type of the server's events
	 * @param <E> that type
	 * @return the open connection; a refused handshake fails with the status's
	 * {@code APIStatusException}
	 */
	public <E> Mono<WebSocketSession<E>> webSocket(ApiPath path, RequestOptions requestOptions, Class<E> eventType) {
		BearerTokenSupplier tokens = this.options.bearerTokenSupplier();
		Mono<Optional<BearerToken>> token = (tokens != null) ? tokens.token().map(Optional::of)
				: Mono.just(Optional.empty());
		return token.flatMap((bearer) -> WebSocketSession.connect(this.transport, this.mapper, this.errors,
				this.writer.webSocketUri(path, requestOptions),
				this.writer.webSocketHeaders(requestOptions, bearer.orElse(null)), this.writer.timeout(requestOptions),
				this.mapper.constructType(eventType)));
	}

	/** A call's answer, observed if the call is a GenAI one and the client has an observation registry. */
	private <T> Mono<T> observed(Call call, ApiPath path, @Nullable Object body, Mono<T> answer) {
		GenAiObservationContext context = this.genAiCalls.context(path, body, false);
		if (context == null) {
			return answer;
		}
		call.observation = context;
		return this.genAiCalls.observe(context, answer);
	}

	/** A call's events, observed if the call is a GenAI one and the client has an observation registry. */
	private <T> Flux<T> observedStream(Call call, ApiPath path, @Nullable Object body, Flux<T> events) {
		GenAiObservationContext context = this.genAiCalls.context(path, body, true);
		if (context == null) {
			return events;
		}
		call.observation = context;
		return this.genAiCalls.observeStream(context, events);
	}

	/** The JSON mapper of requests and responses. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/** The options requests are sent with. */
	public ClientOptions options() {
		return this.options;
	}

	/** The transport requests go through. */
	public OpenAIHttpClient transport() {
		return this.transport;
	}

	/**
	 * A pipeline with other client options over the same transport.
	 * @param options the options
	 * @return the new pipeline
	 */
	public ApiCaller withOptions(ClientOptions options) {
		return new ApiCaller(this.transport, options, this.mapper, this.retryPolicy);
	}

	@Override
	public String toString() {
		return "ApiCaller{" + this.options + "}";
	}

}
