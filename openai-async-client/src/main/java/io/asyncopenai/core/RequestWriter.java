package io.asyncopenai.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.http.OpenAIHttpClient;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the requests of one client's options: their headers, URIs and JSON bodies, and each
 * attempt's WebClient request.
 */
final class RequestWriter {

	static final String USER_AGENT = "AsyncOpenAI/Java " + version();

	private static final int MAX_LITERAL_TARGETS = 256;

	private static final byte[] STREAM_MEMBER = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

	// WebClient's observations read the URI template from this request attribute.
	private static final String URI_TEMPLATE_ATTRIBUTE = WebClient.class.getName() + ".uriTemplate";

	private final OpenAIHttpClient transport;

	private final ClientOptions options;

	private final JsonMapper mapper;

	/** The headers every request of these options sends, in the order they override each other. */
	private final Map<String, String> fixedHeaders;

	/** Whether deployment-scoped paths go below {@code /deployments/<deployment>}, as Azure's older paths do. */
	private final boolean azureDeployments;

	/** Whether the transport's rate limit estimates tokens from the body sizes the requests carry. */
	private final boolean rateLimited;

	/** The targets of paths without placeholders or query, built once: they come from code, so they are few. */
	private final Map<String, Call.Target> literalTargets = new ConcurrentHashMap<>();

	RequestWriter(OpenAIHttpClient transport, ClientOptions options, JsonMapper mapper) {
		this.transport = transport;
		this.options = options;
		this.mapper = mapper;
		this.fixedHeaders = fixedHeaders(transport, options);
		this.rateLimited = transport.rateLimit() != null;
		this.azureDeployments = options.azure() != null
				&& options.azure().pathStyle() == AzureOptions.PathStyle.DEPLOYMENTS;
	}

	/**
	 * A call with its target, timeout and retries resolved from the request's options, the
	 * client's and the transport's, in that order.
	 */
	Call call(HttpMethod method, ApiPath path, RequestOptions requestOptions, byte @Nullable [] body) {
		return call(method, path, requestOptions, body, null, null);
	}

	/**
	 * A call with its target, timeout and retries resolved from the request's options, the
	 * client's and the transport's, in that order.
	 * @param body the JSON body, or {@code null}
	 * @param multipart the multipart body sent instead, or {@code null}
	 * @param accept the {@code Accept} header if not JSON, or {@code null}
	 */
	Call call(HttpMethod method, ApiPath path, RequestOptions requestOptions, byte @Nullable [] body,
			@Nullable MultipartBody multipart, @Nullable String accept) {
		Duration timeout = timeout(requestOptions);
		int maxRetries = (requestOptions.maxRetries() != null) ? requestOptions.maxRetries()
				: this.options.maxRetries();
		ApiPath sent = (this.azureDeployments) ? azureDeploymentPath(path, body, multipart) : path;
		return new Call(method, target(sent, requestOptions), body, multipart, accept, requestOptions, timeout,
				maxRetries);
	}

	/**
	 * An Azure deployment-scoped path below its deployment: the options' one, else the one the
	 * request's {@code model} names.
	 */
	private ApiPath azureDeploymentPath(ApiPath path, byte @Nullable [] body, @Nullable MultipartBody multipart) {
		AzureOptions azure = Objects.requireNonNull(this.options.azure());
		if (!AzureOptions.DEPLOYMENT_PATHS.contains(path.template())) {
			return path;
		}
		String deployment = azure.deployment();
		if (deployment == null) {
			deployment = (multipart != null) ? multipart.textField("model") : (body != null) ? model(body) : null;
		}
		if (deployment == null) {
			throw new IllegalArgumentException("An Azure OpenAI deployment path needs a deployment: set one in the "
					+ "Azure options or a model in the request to " + path.template());
		}
		return new ApiPath("/deployments/{deployment}" + path.template(),
				"/deployments/" + encode(deployment) + path.path());
	}

	/**
	 * Azure's deployment-path Realtime handshake, which names its deployment in the query: the
	 * options' one, else the model asked for.
	 */
	private ApiPath azureRealtimePath(ApiPath path) {
		if (!path.template().equals("/realtime")) {
			return path;
		}
		String deployment = Objects.requireNonNull(this.options.azure()).deployment();
		if (deployment == null) {
			deployment = queryValue(path.path(), "model");
		}
		return path.query("deployment", deployment);
	}

	private static @Nullable String queryValue(String path, String name) {
		int query = path.indexOf('?');
		if (query < 0) {
			return null;
		}
		for (String pair : path.substring(query + 1).split("&")) {
			if (pair.startsWith(name + "=")) {
				return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private @Nullable String model(byte[] json) {
		JsonNode model = this.mapper.readTree(json).get("model");
		return (model != null && model.isString()) ? model.asString() : null;
	}

	/** The multipart body of a params object, optionally with {@code stream=true}. */
	MultipartBody multipart(Object params, Map<String, String> encodings, boolean stream) {
		return MultipartBody.of(this.mapper, params, encodings, stream);
	}

	/** The JSON of a body, in one pass, unless the options add members to it. */
	byte[] json(Object body) {
		if (this.options.extraBody().isEmpty()) {
			return this.mapper.writeValueAsBytes(body);
		}
		return this.mapper.writeValueAsBytes(withOptions(body, false));
	}

	/**
	 * A body with the options' members added where it has none of that name, and, for a
	 * streamed chat completion that asks nothing of it, the usage chunk asked for.
	 */
	private Object withOptions(Object body, boolean chatStream) {
		JsonNode tree = this.mapper.valueToTree(body);
		if (!(tree instanceof ObjectNode object)) {
			return body;
		}
		this.options.extraBody().forEach((name, value) -> {
			if (!object.has(name)) {
				object.set(name, this.mapper.valueToTree(value));
			}
		});
		if (chatStream && !object.has("stream_options")) {
			object.putObject("stream_options").put("include_usage", true);
		}
		return object;
	}

	/**
	 * The JSON of a streamed request's body, in one pass, with {@code "stream": true} as its
	 * first member.
	 */
	byte[] streamJson(Object body, ApiPath path) {
		boolean chatStream = this.options.streamIncludeUsage()
				&& (path.template().equals("/chat/completions") || path.template().equals("/completions"));
		Object sent = (this.options.extraBody().isEmpty() && !chatStream) ? body : withOptions(body, chatStream);
		byte[] json = this.mapper.writeValueAsBytes(sent);
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

	/**
	 * Sends one attempt of a call through an exchange, with a bearer token when the options
	 * take their credentials from a supplier.
	 */
	<T> Mono<T> exchange(Call call, int retry, Function<WebClient.RequestHeadersSpec<?>, Mono<T>> exchange) {
		BearerTokenSupplier tokens = this.options.bearerTokenSupplier();
		if (tokens == null) {
			return exchange.apply(request(call, retry, null));
		}
		return tokens.token().flatMap((token) -> exchange.apply(request(call, retry, token)));
	}

	/**
	 * Sends one attempt of a streamed call through an exchange, with a bearer token when the
	 * options take their credentials from a supplier.
	 */
	<T> Flux<T> exchangeMany(Call call, int retry, Function<WebClient.RequestHeadersSpec<?>, Flux<T>> exchange) {
		BearerTokenSupplier tokens = this.options.bearerTokenSupplier();
		if (tokens == null) {
			return exchange.apply(request(call, retry, null));
		}
		return tokens.token().flatMapMany((token) -> exchange.apply(request(call, retry, token)));
	}

	/**
	 * The request of one attempt of a call.
	 * @param token the bearer token to send, or {@code null} for the options' key
	 * @throws APIConnectionException if the transport is closed
	 */
	private WebClient.RequestHeadersSpec<?> request(Call call, int retry, @Nullable BearerToken token) {
		if (this.transport.isClosed()) {
			throw new APIConnectionException("The OpenAI client is closed: its transport released its connections", null);
		}
		WebClient.RequestBodySpec spec = this.transport.webClient()
			.method(call.method)
			.uri(call.target.uri())
			.attribute(URI_TEMPLATE_ATTRIBUTE, call.target.uriTemplate())
			.headers((headers) -> headers(headers, call, retry, token))
			.httpRequest((request) -> {
				Object nativeRequest = request.getNativeRequest();
				if (nativeRequest instanceof HttpClientRequest httpClientRequest) {
					httpClientRequest.responseTimeout(call.timeout);
				}
			});
		if (this.rateLimited) {
			spec.attribute(OpenAIHttpClient.BODY_SIZE_ATTRIBUTE, bodySize(call));
		}
		if (call.multipart != null) {
			return spec.body(multipartBody(call.multipart));
		}
		return (call.body != null) ? spec.body(jsonBody(call.body)) : spec;
	}

	/** The size of a call's body, 0 for a multipart body of unknown length, for the rate limit's estimate. */
	private static long bodySize(Call call) {
		if (call.multipart != null) {
			return Math.max(0, call.multipart.contentLength());
		}
		return (call.body != null) ? call.body.length : 0;
	}

	/**
	 * A multipart body, in one buffer when it is held in memory and small, else streamed part by
	 * part, with its {@code Content-Length} when every part's size is known (else sent chunked).
	 */
	private static BodyInserter<MultipartBody, ReactiveHttpOutputMessage> multipartBody(MultipartBody body) {
		return (message, context) -> {
			long length = body.contentLength();
			if (length >= 0) {
				message.getHeaders().setContentLength(length);
			}
			return message.writeWith(body.content(message.bufferFactory()));
		};
	}

	/**
	 * The serialized JSON as it is, without looking among WebClient's message writers for
	 * the one that would do the same with a byte array. A single buffer goes out with its
	 * {@code Content-Length}, not chunked.
	 */
	private static BodyInserter<byte[], ReactiveHttpOutputMessage> jsonBody(byte[] json) {
		return (message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(json)));
	}

	private void headers(HttpHeaders headers, Call call, int retry, @Nullable BearerToken token) {
		this.fixedHeaders.forEach(headers::set);
		if (token != null) {
			headers.setBearerAuth(token.value());
		}
		if (call.multipart != null) {
			headers.set(HttpHeaders.CONTENT_TYPE, call.multipart.contentType());
		}
		if (call.accept != null) {
			headers.set(HttpHeaders.ACCEPT, call.accept);
		}
		call.requestOptions.headers().forEach(headers::set);
		headers.set("x-stainless-retry-count", Integer.toString(retry));
	}

	private static Map<String, String> fixedHeaders(OpenAIHttpClient transport, ClientOptions options) {
		Map<String, String> headers = new LinkedCaseInsensitiveMap<>();
		headers.put(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		headers.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		headers.put(HttpHeaders.USER_AGENT, USER_AGENT);
		String apiKey = options.apiKey();
		if (apiKey != null && options.bearerTokenSupplier() == null) {
			// Azure OpenAI takes its keys in a header of their own.
			headers.put((options.azure() != null) ? "api-key" : HttpHeaders.AUTHORIZATION,
					(options.azure() != null) ? apiKey : "Bearer " + apiKey);
		}
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

	/** The {@code ws:} or {@code wss:} URI of a WebSocket path: the base URL's, with the query. */
	URI webSocketUri(ApiPath path, RequestOptions requestOptions) {
		ApiPath sent = (this.azureDeployments) ? azureRealtimePath(path) : path;
		URI uri = uri(sent.path(), requestOptions);
		String scheme = "https".equalsIgnoreCase(uri.getScheme()) ? "wss"
				: "http".equalsIgnoreCase(uri.getScheme()) ? "ws" : uri.getScheme();
		return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
	}

	/**
	 * The headers of a WebSocket handshake: a request's, without a body's or a retry's.
	 * @param token the bearer token to send, or {@code null} for the options' key
	 */
	Map<String, String> webSocketHeaders(RequestOptions requestOptions, @Nullable BearerToken token) {
		Map<String, String> headers = new LinkedCaseInsensitiveMap<>();
		headers.putAll(this.fixedHeaders);
		if (token != null) {
			headers.put(HttpHeaders.AUTHORIZATION, "Bearer " + token.value());
		}
		headers.remove(HttpHeaders.CONTENT_TYPE);
		headers.remove(HttpHeaders.ACCEPT);
		headers.putAll(requestOptions.headers());
		return headers;
	}

	/** The timeout of a call with these options: the request's, the client's or the transport's. */
	Duration timeout(RequestOptions requestOptions) {
		Duration clientTimeout = this.options.timeout();
		return (requestOptions.timeout() != null) ? requestOptions.timeout()
				: (clientTimeout != null) ? clientTimeout : this.transport.readTimeout();
	}

	private Call.Target target(ApiPath path, RequestOptions requestOptions) {
		boolean literal = path.template().equals(path.path()) && requestOptions.queryParameters().isEmpty();
		Call.Target cached = literal ? this.literalTargets.get(path.path()) : null;
		if (cached != null) {
			return cached;
		}
		Call.Target target = new Call.Target(uri(path.path(), requestOptions),
				this.options.baseUrl() + path.template());
		if (literal && this.literalTargets.size() < MAX_LITERAL_TARGETS) {
			this.literalTargets.put(path.path(), target);
		}
		return target;
	}

	private URI uri(String path, RequestOptions requestOptions) {
		StringBuilder uri = new StringBuilder(this.options.baseUrl());
		uri.append(path.startsWith("/") ? path : "/" + path);
		List<String> query = new ArrayList<>();
		this.options.queryParameters().forEach((name, value) -> {
			if (!requestOptions.queryParameters().containsKey(name)) {
				query.add(encode(name) + "=" + encode(value));
			}
		});
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
		try (InputStream in = RequestWriter.class.getResourceAsStream("/io/asyncopenai/version.properties")) {
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

}
