package io.asyncopenai;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.AzureOptions;
import io.asyncopenai.core.BearerTokenSupplier;
import io.asyncopenai.core.ClientOptions;
import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.observation.GenAiObservationConvention;
import io.asyncopenai.services.WebhookService;

import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;

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
public final class AsyncOpenAI extends AsyncOpenAIServices implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AsyncOpenAI.class);

	private final ApiCaller caller;

	private final boolean ownsTransport;

	private AsyncOpenAI(ApiCaller caller, boolean ownsTransport) {
		super(caller);
		this.caller = caller;
		this.ownsTransport = ownsTransport;
	}

	/**
	 * A builder; options it is not given come from {@code OPENAI_API_KEY},
	 * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID} and {@code OPENAI_PROJECT_ID}.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** The options every request is sent with. */
	public ClientOptions options() {
		return this.caller.options();
	}

	/** The transport. */
	public OpenAIHttpClient httpClient() {
		return this.caller.transport();
	}

	/**
	 * Checks and reads the events OpenAI sends to a webhook endpoint: their signatures, with the
	 * client's webhook secret, and their JSON, as typed events.
	 * @return the webhooks helper
	 */
	public WebhookService webhooks() {
		return new WebhookService(options().webhookSecret(), this.caller.mapper());
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
		return new AsyncOpenAI(this.caller.withOptions(builder.build()), false);
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
		return this.caller.execute(method, ApiPath.literal(path), body, responseType, options);
	}

	/**
	 * Sends a GET to a URI template of an endpoint the typed resources do not cover; its
	 * metrics record the template, not each id.
	 * @param pathTemplate the path below the base URL, for example {@code /files/{file_id}}
	 * @param pathValues a value for each placeholder, by its name, URL-encoded into the path
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param <T> the response type
	 * @return the response
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public <T> Mono<T> get(String pathTemplate, Map<String, ?> pathValues, Class<T> responseType) {
		return request(HttpMethod.GET, pathTemplate, pathValues, null, responseType, RequestOptions.none());
	}

	/**
	 * Sends a POST with a JSON body to a URI template of an endpoint the typed resources do not
	 * cover.
	 * @param pathTemplate the path below the base URL, for example {@code /batches/{batch_id}/cancel}
	 * @param pathValues a value for each placeholder, by its name, URL-encoded into the path
	 * @param body the body: a record, a map or a {@link JsonNode}
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param <T> the response type
	 * @return the response
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public <T> Mono<T> post(String pathTemplate, Map<String, ?> pathValues, Object body, Class<T> responseType) {
		return request(HttpMethod.POST, pathTemplate, pathValues, body, responseType, RequestOptions.none());
	}

	/**
	 * Sends a DELETE to a URI template of an endpoint the typed resources do not cover.
	 * @param pathTemplate the path below the base URL, for example {@code /files/{file_id}}
	 * @param pathValues a value for each placeholder, by its name, URL-encoded into the path
	 * @param responseType the type to read the JSON into, {@link JsonNode} for any
	 * @param <T> the response type
	 * @return the response
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public <T> Mono<T> delete(String pathTemplate, Map<String, ?> pathValues, Class<T> responseType) {
		return request(HttpMethod.DELETE, pathTemplate, pathValues, null, responseType, RequestOptions.none());
	}

	/**
	 * Sends any request to a URI template of an endpoint the typed resources do not cover.
	 * @param method the HTTP method
	 * @param pathTemplate the path below the base URL, for example {@code /files/{file_id}}
	 * @param pathValues a value for each placeholder, by its name, URL-encoded into the path
	 * @param body the JSON body, or {@code null} for none
	 * @param responseType the type to read the JSON into: {@link JsonNode} for any,
	 * {@link Void} to drop it
	 * @param options options of this call
	 * @param <T> the response type
	 * @return the response
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public <T> Mono<T> request(HttpMethod method, String pathTemplate, Map<String, ?> pathValues,
			@Nullable Object body, Class<T> responseType, RequestOptions options) {
		return this.caller.execute(method, ApiPath.of(pathTemplate, pathValues), body, responseType, options);
	}

	/**
	 * Sends any request to a URI template of an endpoint the typed resources do not cover and
	 * streams the JSON of its Server-Sent Events; a body goes with {@code "stream": true}.
	 * @param method the HTTP method
	 * @param pathTemplate the path below the base URL
	 * @param pathValues a value for each placeholder, by its name, URL-encoded into the path
	 * @param body the JSON body, an object, or {@code null} for none
	 * @param options options of this call
	 * @return the events' JSON, until {@code [DONE]}
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public Flux<JsonNode> stream(HttpMethod method, String pathTemplate, Map<String, ?> pathValues,
			@Nullable Object body, RequestOptions options) {
		return this.caller.stream(method, ApiPath.of(pathTemplate, pathValues), body, JsonNode.class, options);
	}

	/**
	 * Sends any request to a URI template of an endpoint the typed resources do not cover and
	 * streams its Server-Sent Events whole: each event's {@code event:} name and {@code id:}
	 * with its JSON data, for streams whose event names matter. A {@code GET} streams as well;
	 * a body goes with {@code "stream": true}.
	 * @param method the HTTP method
	 * @param pathTemplate the path below the base URL
	 * @param pathValues a value for each placeholder, by its name, URL-encoded into the path
	 * @param body the JSON body, an object, or {@code null} for none
	 * @param options options of this call
	 * @return the events, until {@code [DONE]}
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public Flux<ServerSentEvent<JsonNode>> streamEvents(HttpMethod method, String pathTemplate,
			Map<String, ?> pathValues, @Nullable Object body, RequestOptions options) {
		return this.caller.streamEvents(method, ApiPath.of(pathTemplate, pathValues), body, options);
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
		return this.caller.stream(HttpMethod.POST, ApiPath.literal(path), body, JsonNode.class, options);
	}

	/**
	 * Releases the transport if this client created it; a transport passed to the builder,
	 * and clients made by {@link #withOptions}, are left open.
	 */
	@Override
	public void close() {
		if (this.ownsTransport) {
			this.caller.transport().close();
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

		private final ClientOptions.Builder options = ClientOptions.builder().environment(System.getenv());

		private @Nullable OpenAIHttpClient httpClient;

		private Builder() {
		}

		/**
		 * The API key; unset, {@code OPENAI_API_KEY}.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			this.options.apiKey(apiKey);
			return this;
		}

		/**
		 * The base URL; unset, {@code OPENAI_BASE_URL}, else {@code https://api.openai.com/v1}.
		 * @param baseUrl an absolute http or https URL
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.options.baseUrl(baseUrl);
			return this;
		}

		/**
		 * A query parameter added to every request (an OpenAI-compatible server's
		 * {@code api-version}, say).
		 * @param name the parameter
		 * @param value its value
		 * @return this builder
		 */
		public Builder defaultQueryParameter(String name, String value) {
			this.options.queryParameter(name, value);
			return this;
		}

		/**
		 * A member added to every JSON request body that does not have it already, for an
		 * OpenAI-compatible server's own parameters.
		 * @param name the member
		 * @param value its value, written as JSON
		 * @return this builder
		 */
		public Builder extraBodyField(String name, Object value) {
			this.options.extraBodyField(name, value);
			return this;
		}

		/**
		 * Whether streamed chat completions ask for the usage chunk at their end, unless their
		 * params say otherwise ({@code stream_options.include_usage}).
		 * @param streamIncludeUsage whether to ask
		 * @return this builder
		 */
		public Builder streamIncludeUsage(boolean streamIncludeUsage) {
			this.options.streamIncludeUsage(streamIncludeUsage);
			return this;
		}

		/**
		 * Talks to Azure OpenAI: its endpoint gives the base URL, the API key (unset,
		 * {@code AZURE_OPENAI_API_KEY}) goes in the {@code api-key} header, and the
		 * {@code api-version} with every request.
		 * @param azure the Azure options
		 * @return this builder
		 */
		public Builder azure(AzureOptions azure) {
			this.options.azure(azure);
			return this;
		}

		/**
		 * Sends {@code Authorization: Bearer} with tokens of a supplier, such as Microsoft Entra
		 * ID tokens, instead of an API key; each token is kept until shortly before it expires.
		 * @param bearerTokenSupplier the supplier
		 * @return this builder
		 */
		public Builder bearerTokenSupplier(BearerTokenSupplier bearerTokenSupplier) {
			this.options.bearerTokenSupplier(bearerTokenSupplier);
			return this;
		}

		/**
		 * Observes each GenAI call (chat, completions, embeddings, images, audio) as
		 * {@code gen_ai.client.operation.duration}, after OpenTelemetry's GenAI semantic
		 * conventions; the usage and time to the first chunk travel on its context
		 * ({@link io.asyncopenai.observation.GenAiObservationContext}).
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.options.observationRegistry(observationRegistry);
			return this;
		}

		/**
		 * Names and tags the observations of GenAI calls in place of the default convention.
		 * @param observationConvention the convention
		 * @return this builder
		 */
		public Builder observationConvention(GenAiObservationConvention observationConvention) {
			this.options.observationConvention(observationConvention);
			return this;
		}

		/**
		 * The organization; unset, {@code OPENAI_ORG_ID}.
		 * @param organization the organization id
		 * @return this builder
		 */
		public Builder organization(String organization) {
			this.options.organization(organization);
			return this;
		}

		/**
		 * The project; unset, {@code OPENAI_PROJECT_ID}.
		 * @param project the project id
		 * @return this builder
		 */
		public Builder project(String project) {
			this.options.project(project);
			return this;
		}

		/**
		 * The secret {@link AsyncOpenAI#webhooks()} checks signatures with ({@code whsec_…});
		 * unset, {@code OPENAI_WEBHOOK_SECRET}.
		 * @param webhookSecret the secret
		 * @return this builder
		 */
		public Builder webhookSecret(String webhookSecret) {
			this.options.webhookSecret(webhookSecret);
			return this;
		}

		/**
		 * How many times to retry a failed request (default 2).
		 * @param maxRetries zero or more
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.options.maxRetries(maxRetries);
			return this;
		}

		/**
		 * The read timeout of every request, overriding the transport's.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.options.timeout(timeout);
			return this;
		}

		/**
		 * A header to send with every request.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder defaultHeader(String name, String value) {
			this.options.header(name, value);
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
			this.options.environment(environment);
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws OpenAIException if no API key is set here nor in {@code OPENAI_API_KEY} and the
		 * base URL is OpenAI's own; an OpenAI-compatible server at another base URL may take
		 * requests without one (logged once)
		 * @throws IllegalArgumentException if the base URL is not an absolute http or https URL
		 */
		public AsyncOpenAI build() {
			ClientOptions built = this.options.build();
			if (built.apiKey() == null && built.bearerTokenSupplier() == null) {
				logger.info("No API key for " + built.baseUrl() + ": requests go without Authorization, as an "
						+ "OpenAI-compatible server may take them");
			}
			else {
				warnIfKeyTravelsInClearText(built.baseUrl());
			}
			boolean owns = this.httpClient == null;
			OpenAIHttpClient transport = owns ? OpenAIHttpClient.create() : Objects.requireNonNull(this.httpClient);
			return new AsyncOpenAI(new ApiCaller(transport, built, OpenAIJson.mapper()), owns);
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

	}

}
