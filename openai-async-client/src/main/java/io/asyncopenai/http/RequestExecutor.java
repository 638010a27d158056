package io.asyncopenai.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.ClientOptions;
import io.asyncopenai.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.OpenAIException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends API requests over an {@link OpenAIHttpClient} with the headers, retries, error mapping
 * and stream decoding every call shares. Internal: the resources of
 * {@link io.asyncopenai.AsyncOpenAI} use it; user code calls those, or the client's untyped
 * methods.
 */
public final class RequestExecutor {

	/** The {@code User-Agent} of every request. */
	public static final String USER_AGENT = "AsyncOpenAI/Java " + version();

	private static final byte[] EMPTY = new byte[0];

	private static final int MAX_LITERAL_TARGETS = 256;

	private static final byte[] STREAM_MEMBER = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

	// WebClient's observations read the URI template from this request attribute.
	private static final String URI_TEMPLATE_ATTRIBUTE = WebClient.class.getName() + ".uriTemplate";

	private final OpenAIHttpClient transport;

	private final ClientOptions options;

	private final JsonMapper mapper;

	private final ErrorMapper errors;

	private final StreamEvents streamEvents;

	private final RetryPolicy retryPolicy;

	/** The headers every request of these options sends, in the order they override each other. */
	private final Map<String, String> fixedHeaders;

	/** The targets of paths without placeholders or query, built once: they come from code, so they are few. */
	private final Map<String, Target> literalTargets = new ConcurrentHashMap<>();

	public RequestExecutor(OpenAIHttpClient transport, ClientOptions options, JsonMapper mapper) {
		this(transport, options, mapper, new RetryPolicy());
	}

	RequestExecutor(OpenAIHttpClient transport, ClientOptions options, JsonMapper mapper, RetryPolicy retryPolicy) {
		this.transport = transport;
		this.options = options;
		this.mapper = mapper;
		this.errors = new ErrorMapper(mapper);
		this.streamEvents = new StreamEvents(mapper, this.errors);
		this.retryPolicy = retryPolicy;
		this.fixedHeaders = fixedHeaders(transport, options);
	}

	/**
	 * An executor with other client options over the same transport.
	 * @param options the options
	 * @return the executor
	 */
	public RequestExecutor withOptions(ClientOptions options) {
		return new RequestExecutor(this.transport, options, this.mapper, this.retryPolicy);
	}

	/** The options requests are sent with. */
	public ClientOptions options() {
		return this.options;
	}

	/** The transport requests go through. */
	public OpenAIHttpClient transport() {
		return this.transport;
	}

	/** The JSON mapper of requests and responses. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Sends a request and decodes its JSON response.
	 * @param method the HTTP method
	 * @param path the path below the base URL and its template
	 * @param body the request body, serialized as JSON, or {@code null} for none
	 * @param type the type of the response
	 * @param requestOptions options of this call
	 * @param <T> the type of the response
	 * @return the response, or an error: {@link io.asyncopenai.errors.APIStatusException} for an
	 * error status, {@link APIConnectionException} or its
	 * {@link io.asyncopenai.errors.APITimeoutException} when the call could not complete
	 */
	public <T> Mono<T> execute(HttpMethod method, ApiPath path, @Nullable Object body, JavaType type,
			RequestOptions requestOptions) {
		return Mono.defer(() -> {
			Call call = new Call(method, path, requestOptions, (body != null) ? serialize(body, null) : null);
			return this.<T>attempt(call, type, 0);
		});
	}

	/**
	 * Sends a request and decodes its JSON response.
	 * @param <T> the type of the response
	 * @see #execute(HttpMethod, ApiPath, Object, JavaType, RequestOptions)
	 */
	public <T> Mono<T> execute(HttpMethod method, ApiPath path, @Nullable Object body, Class<T> type,
			RequestOptions requestOptions) {
		return execute(method, path, body, this.mapper.constructType(type), requestOptions);
	}

	/**
	 * Sends a request to a path without placeholders and decodes its JSON response.
	 * @param <T> the type of the response
	 * @see #execute(HttpMethod, ApiPath, Object, JavaType, RequestOptions)
	 */
	public <T> Mono<T> execute(HttpMethod method, String path, @Nullable Object body, Class<T> type,
			RequestOptions requestOptions) {
		return execute(method, ApiPath.literal(path), body, type, requestOptions);
	}

	/**
	 * Sends a request with {@code "stream": true} and returns the JSON of each Server-Sent Event
	 * until {@code data: [DONE]} or the end of the stream. An event whose JSON has an
	 * {@code error} ends the stream with an {@link APIException}. The request is retried only
	 * until its first event.
	 * @param path the path below the base URL
	 * @param body the request body, serialized as a JSON object
	 * @param requestOptions options of this call
	 * @return the events' JSON
	 */
	public Flux<JsonNode> stream(String path, Object body, RequestOptions requestOptions) {
		return stream(path, body, requestOptions, JsonNode.class);
	}

	/**
	 * Sends a request with {@code "stream": true} and decodes each Server-Sent Event into a
	 * type, as {@link #stream(String, Object, RequestOptions)} does into JSON.
	 * @param path the path below the base URL
	 * @param body the request body, serialized as a JSON object
	 * @param requestOptions options of this call
	 * @param type the type of each event
	 * @param <T> the type of each event
	 * @return the events
	 */
	public <T> Flux<T> stream(String path, Object body, RequestOptions requestOptions, Class<T> type) {
		return Flux.defer(() -> {
			Call call = new Call(HttpMethod.POST, ApiPath.literal(path), requestOptions, serialize(body, Boolean.TRUE));
			return streamAttempt(call, type, 0);
		});
	}

	private <T> Mono<T> attempt(Call call, JavaType type, int retry) {
		Mono<T> response = send(call, retry).exchangeToMono((clientResponse) -> clientResponse.statusCode()
			.is2xxSuccessful() ? body(clientResponse).flatMap((bytes) -> this.<T>decode(bytes, type))
					: errorBody(clientResponse).flatMap((body) -> Mono.<T>error(failure(clientResponse, body))))
			.onErrorMap((failure) -> transportFailure(failure, call));
		return response.onErrorResume((failure) -> {
			Duration delay = retryDelay(call, retry, failure);
			return (delay != null) ? Mono.delay(delay).then(attempt(call, type, retry + 1)) : Mono.error(failure);
		});
	}

	private <T> Flux<T> streamAttempt(Call call, Class<T> type, int retry) {
		return Flux.defer(() -> {
			AtomicBoolean emitted = new AtomicBoolean();
			SseDecoder decoder = new SseDecoder(this.transport.maxSseLineSize());
			AtomicBoolean done = new AtomicBoolean();
			Flux<T> events = send(call, retry).exchangeToFlux((clientResponse) -> {
				if (!clientResponse.statusCode().is2xxSuccessful()) {
					return errorBody(clientResponse).flatMapMany((body) -> Flux.error(failure(clientResponse, body)));
				}
				return clientResponse.bodyToFlux(DataBuffer.class).concatMapIterable((buffer) -> {
					byte[] bytes = bytes(buffer);
					return decoder.feed(bytes, 0, bytes.length);
				});
			})
				.onErrorMap((failure) -> transportFailure(failure, call))
				.<T>handle((event, sink) -> {
					// After [DONE] the rest of the body is read and dropped, so that the
					// connection goes back to the pool instead of being closed.
					if (done.get()) {
						return;
					}
					if (StreamEvents.isDone(event.dataBytes())) {
						done.set(true);
						return;
					}
					emitted.set(true);
					try {
						sink.next(this.streamEvents.decode(event.dataBytes(), type));
					}
					catch (APIException ex) {
						sink.error(ex);
					}
				});
			return events.onErrorResume((failure) -> {
				Duration delay = emitted.get() ? null : retryDelay(call, retry, failure);
				return (delay != null) ? Mono.delay(delay).thenMany(streamAttempt(call, type, retry + 1))
						: Flux.error(failure);
			});
		});
	}

	private Throwable transportFailure(Throwable failure, Call call) {
		if (this.transport.isClosed() && !(failure instanceof OpenAIException)) {
			return new APIConnectionException("The OpenAI client was closed while the request was in flight", failure);
		}
		return this.errors.transport(failure, call.timeout);
	}

	/** The wait before retrying a failed attempt, or {@code null} if it is not retried. */
	private @Nullable Duration retryDelay(Call call, int retry, Throwable failure) {
		return (retry < call.maxRetries && !this.transport.isClosed() && this.retryPolicy.shouldRetry(failure))
				? this.retryPolicy.delay(failure, retry) : null;
	}

	private WebClient.RequestHeadersSpec<?> send(Call call, int retry) {
		if (this.transport.isClosed()) {
			throw new APIConnectionException("The OpenAI client is closed: its transport released its connections", null);
		}
		WebClient.RequestBodySpec spec = this.transport.webClient()
			.method(call.method)
			.uri(call.target.uri())
			.attribute(URI_TEMPLATE_ATTRIBUTE, call.target.uriTemplate())
			.headers((headers) -> headers(headers, call.requestOptions, retry))
			.httpRequest((request) -> {
				Object nativeRequest = request.getNativeRequest();
				if (nativeRequest instanceof HttpClientRequest httpClientRequest) {
					httpClientRequest.responseTimeout(call.timeout);
				}
			});
		return (call.body != null) ? spec.body(jsonBody(call.body)) : spec;
	}

	/**
	 * The serialized JSON as it is, without looking among WebClient's message writers for
	 * the one that would do the same with a byte array. A single buffer goes out with its
	 * {@code Content-Length}, not chunked.
	 */
	private static BodyInserter<byte[], ReactiveHttpOutputMessage> jsonBody(byte[] json) {
		return (message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(json)));
	}

	private void headers(HttpHeaders headers, RequestOptions requestOptions, int retry) {
		this.fixedHeaders.forEach(headers::set);
		requestOptions.headers().forEach(headers::set);
		headers.set("x-stainless-retry-count", Integer.toString(retry));
	}

	private static Map<String, String> fixedHeaders(OpenAIHttpClient transport, ClientOptions options) {
		Map<String, String> headers = new LinkedCaseInsensitiveMap<>();
		headers.put(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		headers.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		headers.put(HttpHeaders.USER_AGENT, USER_AGENT);
		headers.put(HttpHeaders.AUTHORIZATION, "Bearer " + options.apiKey());
		if (options.organization() != null) {
			headers.put("OpenAI-Organization", options.organization());
		}
		if (options.project() != null) {
			headers.put("OpenAI-Project", options.project());
		}
		headers.putAll(transport.headers());
		headers.putAll(options.headers());
		return Collections.unmodifiableMap(headers);
	}

	/** The whole body, or an {@link APIException} if it is larger than the transport allows. */
	private Mono<byte[]> body(ClientResponse response) {
		int limit = this.transport.maxResponseSize();
		return DataBufferUtils.join(response.bodyToFlux(DataBuffer.class), limit)
			.map(RequestExecutor::bytes)
			.defaultIfEmpty(EMPTY)
			.onErrorMap(DataBufferLimitException.class, (ex) -> new APIException("The response body is larger than "
					+ limit + " bytes, the transport's maxResponseSize; it was not read", null, ex));
	}

	/**
	 * The start of an error body: up to {@link OpenAIHttpClient#MAX_ERROR_BODY_SIZE} bytes, so
	 * that a hostile or broken server cannot make an error exhaust memory.
	 */
	private Mono<ErrorBody> errorBody(ClientResponse response) {
		int limit = OpenAIHttpClient.MAX_ERROR_BODY_SIZE;
		return DataBufferUtils.join(DataBufferUtils.takeUntilByteCount(response.bodyToFlux(DataBuffer.class), limit + 1L))
			.map(RequestExecutor::bytes)
			.defaultIfEmpty(EMPTY)
			.map((bytes) -> (bytes.length > limit) ? new ErrorBody(Arrays.copyOf(bytes, limit), true)
					: new ErrorBody(bytes, false));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Throwable failure(ClientResponse response, ErrorBody body) {
		int status = response.statusCode().value();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.headers()
			.asHttpHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		if (this.transport.followRedirects() && status >= 300 && status < 400 && headers.containsKey("location")) {
			return new APIConnectionException("Too many redirects: the request was redirected more than "
					+ this.transport.maxRedirects() + " times (last to " + headers.get("location").get(0) + ")", null);
		}
		return this.errors.status(status, headers, body.bytes(), body.truncated());
	}

	/**
	 * The start of an error body, and whether there was more.
	 */
	private record ErrorBody(byte[] bytes, boolean truncated) {

	}

	private <T> Mono<T> decode(byte[] bytes, JavaType type) {
		try {
			T value = this.mapper.readValue(bytes, type);
			return Mono.justOrEmpty(value);
		}
		catch (JacksonException ex) {
			String body = new String(bytes, StandardCharsets.UTF_8);
			return Mono.error(new APIException("Could not parse the response as " + type.getRawClass().getSimpleName()
					+ ": " + ex.getOriginalMessage(), body, ex));
		}
	}

	/**
	 * The JSON of a body, in one pass; a streamed request's object gets {@code "stream": true}
	 * as its first member.
	 */
	private byte[] serialize(Object body, @Nullable Boolean stream) {
		byte[] json = this.mapper.writeValueAsBytes(body);
		if (stream == null) {
			return json;
		}
		if (json.length < 2 || json[0] != '{') {
			throw new IllegalArgumentException("A streamed request's body must be a JSON object");
		}
		byte[] member = STREAM_MEMBER;
		boolean empty = json[1] == '}';
		byte[] streamed = new byte[json.length + member.length + (empty ? 0 : 1)];
		streamed[0] = '{';
		System.arraycopy(member, 0, streamed, 1, member.length);
		int at = 1 + member.length;
		if (!empty) {
			streamed[at++] = ',';
		}
		System.arraycopy(json, 1, streamed, at, json.length - 1);
		return streamed;
	}

	private Target target(ApiPath path, RequestOptions requestOptions) {
		boolean literal = path.template().equals(path.path()) && requestOptions.queryParameters().isEmpty();
		Target cached = literal ? this.literalTargets.get(path.path()) : null;
		if (cached != null) {
			return cached;
		}
		Target target = new Target(uri(path.path(), requestOptions), this.options.baseUrl() + path.template());
		if (literal && this.literalTargets.size() < MAX_LITERAL_TARGETS) {
			this.literalTargets.put(path.path(), target);
		}
		return target;
	}

	private URI uri(String path, RequestOptions requestOptions) {
		StringBuilder uri = new StringBuilder(this.options.baseUrl());
		uri.append(path.startsWith("/") ? path : "/" + path);
		List<String> query = new ArrayList<>();
		requestOptions.queryParameters()
			.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
		if (!query.isEmpty()) {
			uri.append(uri.indexOf("?") >= 0 ? '&' : '?').append(String.join("&", query));
		}
		return URI.create(uri.toString());
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String version() {
		try (InputStream in = RequestExecutor.class.getResourceAsStream("/io/asyncopenai/version.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where a call goes, and the URI template its observations record.
	 */
	private record Target(URI uri, String uriTemplate) {

	}

	/**
	 * One call: what every attempt sends.
	 */
	private final class Call {

		final HttpMethod method;

		final Target target;

		final byte @Nullable [] body;

		final RequestOptions requestOptions;

		final Duration timeout;

		final int maxRetries;

		Call(HttpMethod method, ApiPath path, RequestOptions requestOptions, byte @Nullable [] body) {
			this.method = method;
			this.target = target(path, requestOptions);
			this.body = body;
			this.requestOptions = requestOptions;
			Duration clientTimeout = RequestExecutor.this.options.timeout();
			this.timeout = (requestOptions.timeout() != null) ? requestOptions.timeout()
					: (clientTimeout != null) ? clientTimeout : RequestExecutor.this.transport.readTimeout();
			this.maxRetries = (requestOptions.maxRetries() != null) ? requestOptions.maxRetries()
					: RequestExecutor.this.options.maxRetries();
		}

	}

}
