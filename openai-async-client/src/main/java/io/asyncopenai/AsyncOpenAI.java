package io.asyncopenai;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.http.OpenAIJson;
import io.asyncopenai.http.RequestExecutor;
import io.asyncopenai.services.ChatService;
import io.asyncopenai.services.EmbeddingService;
import io.asyncopenai.services.ModelService;
import io.asyncopenai.services.ResponseService;

import org.springframework.http.HttpMethod;

/**
 * A non-blocking OpenAI API client: every call returns a {@link Mono} or a {@link Flux} and
 * runs over an {@link OpenAIHttpClient} (WebClient on Reactor Netty with its own pool).
 *
 * <pre>{@code
 * AsyncOpenAI client = AsyncOpenAI.builder().apiKey("sk-...").build();
 * Mono<String> text = client.responses()
 *     .create(ResponseCreateParams.builder().model("gpt-4o").input("Hello").build())
 *     .map(Response::outputText);
 * }</pre>
 *
 * <p>Failed calls end with an {@link io.asyncopenai.errors.OpenAIException}; connection errors,
 * timeouts, 408, 409, 429 and 5xx are retried ({@link ClientOptions#maxRetries()} times).
 * {@link #close()} releases the transport if the client created it.
 */
public final class AsyncOpenAI implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AsyncOpenAI.class);

	private final RequestExecutor executor;

	private final boolean ownsTransport;

	private final ResponseService responses;

	private final ChatService chat;

	private final EmbeddingService embeddings;

	private final ModelService models;

	private AsyncOpenAI(RequestExecutor executor, boolean ownsTransport) {
		this.executor = executor;
		this.ownsTransport = ownsTransport;
		this.responses = new ResponseService(executor);
		this.chat = new ChatService(executor);
		this.embeddings = new EmbeddingService(executor);
		this.models = new ModelService(executor);
	}

	/**
	 * A builder; options it is not given come from {@code OPENAI_API_KEY},
	 * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID} and {@code OPENAI_PROJECT_ID}.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** {@code /responses}. */
	public ResponseService responses() {
		return this.responses;
	}

	/** {@code /chat}. */
	public ChatService chat() {
		return this.chat;
	}

	/** {@code /embeddings}. */
	public EmbeddingService embeddings() {
		return this.embeddings;
	}

	/** {@code /models}. */
	public ModelService models() {
		return this.models;
	}

	/** The options every request is sent with. */
	public ClientOptions options() {
		return this.executor.options();
	}

	/** The transport. */
	public OpenAIHttpClient httpClient() {
		return this.executor.transport();
	}

	/**
	 * A client with changed options (retries, timeout, headers, …) that shares this client's
	 * transport and pool. Closing it does not close the transport.
	 * @param changes changes the options
	 * @return the new client
	 */
	public AsyncOpenAI withOptions(Consumer<ClientOptions.Builder> changes) {
		ClientOptions.Builder builder = options().toBuilder();
		changes.accept(builder);
		return new AsyncOpenAI(this.executor.withOptions(builder.build()), false);
	}

	/**
	 * Sends a GET to an endpoint the typed resources do not cover, with the same
	 * authentication, retries and errors.
	 * @param path the path below the base URL, for example {@code /files}
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param <T> the response type
	 * @return the response
	 */
	public <T> Mono<T> get(String path, Class<T> responseType) {
		return request(HttpMethod.GET, path, null, responseType, RequestOptions.none());
	}

	/**
	 * Sends a POST with a JSON body to an endpoint the typed resources do not cover.
	 * @param path the path below the base URL
	 * @param body the body: a record, a map or a {@link JsonNode}
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param <T> the response type
	 * @return the response
	 */
	public <T> Mono<T> post(String path, Object body, Class<T> responseType) {
		return request(HttpMethod.POST, path, body, responseType, RequestOptions.none());
	}

	/**
	 * Sends a DELETE to an endpoint the typed resources do not cover.
	 * @param path the path below the base URL
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param <T> the response type
	 * @return the response
	 */
	public <T> Mono<T> delete(String path, Class<T> responseType) {
		return request(HttpMethod.DELETE, path, null, responseType, RequestOptions.none());
	}

	/**
	 * Sends any request to an endpoint the typed resources do not cover.
	 * @param method the HTTP method
	 * @param path the path below the base URL
	 * @param body the JSON body, or {@code null} for none
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param options options of this call
	 * @param <T> the response type
	 * @return the response
	 */
	public <T> Mono<T> request(HttpMethod method, String path, @Nullable Object body, Class<T> responseType,
			RequestOptions options) {
		return this.executor.execute(method, path, body, responseType, options);
	}

	/**
	 * Sends a POST with {@code "stream": true} to an endpoint the typed resources do not cover
	 * and streams the JSON of its Server-Sent Events.
	 * @param path the path below the base URL
	 * @param body the JSON body, an object
	 * @param options options of this call
	 * @return the events' JSON, until {@code [DONE]}
	 */
	public Flux<JsonNode> postStreaming(String path, Object body, RequestOptions options) {
		return this.executor.stream(path, body, options);
	}

	/**
	 * Releases the transport if this client created it; a transport passed to the builder,
	 * and clients made by {@link #withOptions}, are left open.
	 */
	@Override
	public void close() {
		if (this.ownsTransport) {
			this.executor.transport().close();
		}
	}

	@Override
	public String toString() {
		return "AsyncOpenAI{" + options() + "}";
	}

	/**
	 * Builds {@link AsyncOpenAI}.
	 */
	public static final class Builder {

		private @Nullable String apiKey;

		private @Nullable String baseUrl;

		private @Nullable String organization;

		private @Nullable String project;

		private int maxRetries = ClientOptions.DEFAULT_MAX_RETRIES;

		private @Nullable Duration timeout;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private @Nullable OpenAIHttpClient httpClient;

		private Map<String, String> environment = System.getenv();

		private Builder() {
		}

		/**
		 * The API key; unset, {@code OPENAI_API_KEY}.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * The base URL; unset, {@code OPENAI_BASE_URL}, else {@code https://api.openai.com/v1}.
		 * @param baseUrl an absolute http or https URL
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * The organization; unset, {@code OPENAI_ORG_ID}.
		 * @param organization the organization id
		 * @return this builder
		 */
		public Builder organization(String organization) {
			this.organization = organization;
			return this;
		}

		/**
		 * The project; unset, {@code OPENAI_PROJECT_ID}.
		 * @param project the project id
		 * @return this builder
		 */
		public Builder project(String project) {
			this.project = project;
			return this;
		}

		/**
		 * How many times to retry a failed request (default 2).
		 * @param maxRetries zero or more
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		/**
		 * The read timeout of every request, overriding the transport's.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * A header to send with every request.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder defaultHeader(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * The transport to use and share; the client does not close it. Unset, the client
		 * creates one with the defaults and closes it with itself.
		 * @param httpClient the transport
		 * @return this builder
		 */
		public Builder httpClient(OpenAIHttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Where unset options are read from instead of the process environment.
		 * @param environment variable names and values
		 * @return this builder
		 */
		public Builder environment(Map<String, String> environment) {
			this.environment = Map.copyOf(environment);
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws OpenAIException if no API key is set here nor in {@code OPENAI_API_KEY}
		 */
		public AsyncOpenAI build() {
			ClientOptions.Builder options = ClientOptions.builder();
			String key = firstNonBlank(this.apiKey, this.environment.get("OPENAI_API_KEY"));
			if (key == null) {
				throw new OpenAIException("The api key must be set: pass apiKey(...) to AsyncOpenAI.builder(), "
						+ "set the OPENAI_API_KEY environment variable, or set the openai.api-key property in Spring Boot");
			}
			options.apiKey(key);
			String url = firstNonBlank(this.baseUrl, this.environment.get("OPENAI_BASE_URL"));
			options.baseUrl((url != null) ? url : ClientOptions.DEFAULT_BASE_URL);
			options.organization(firstNonBlank(this.organization, this.environment.get("OPENAI_ORG_ID")));
			options.project(firstNonBlank(this.project, this.environment.get("OPENAI_PROJECT_ID")));
			options.maxRetries(this.maxRetries);
			options.timeout(this.timeout);
			this.headers.forEach(options::header);
			ClientOptions built = options.build();
			warnIfKeyTravelsInClearText(built.baseUrl());
			boolean owns = this.httpClient == null;
			OpenAIHttpClient transport = owns ? OpenAIHttpClient.create() : Objects.requireNonNull(this.httpClient);
			return new AsyncOpenAI(new RequestExecutor(transport, built, OpenAIJson.mapper()), owns);
		}

		private static void warnIfKeyTravelsInClearText(String baseUrl) {
			URI uri = URI.create(baseUrl);
			String host = uri.getHost();
			boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
					|| host.equals("::1");
			if ("http".equalsIgnoreCase(uri.getScheme()) && !loopback) {
				logger.warn("The OpenAI base URL " + baseUrl + " is plain http to another host: the API key and "
						+ "every request travel unencrypted. Use https.");
			}
		}

		private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
			if (first != null && !first.isBlank()) {
				return first;
			}
			return (second != null && !second.isBlank()) ? second : null;
		}

	}

}
