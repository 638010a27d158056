package io.asyncopenai.core;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.observation.GenAiObservationConvention;

/**
 * What an {@code AsyncOpenAI} client sends with every request: credentials, base URL, retries,
 * timeout and default headers. Immutable; {@code AsyncOpenAI.withOptions} derives a client
 * with changed options that shares the transport.
 */
public final class ClientOptions {

	/** The API's base URL, used when neither the builder nor {@code OPENAI_BASE_URL} sets one. */
	public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

	/** Retries after the first attempt, as in the official SDKs. */
	public static final int DEFAULT_MAX_RETRIES = 2;

	private final @Nullable String apiKey;

	private final String baseUrl;

	private final @Nullable String organization;

	private final @Nullable String project;

	private final int maxRetries;

	private final @Nullable Duration timeout;

	private final Map<String, String> headers;

	private final Map<String, String> queryParameters;

	private final Map<String, Object> extraBody;

	private final boolean streamIncludeUsage;

	private final @Nullable String webhookSecret;

	private final @Nullable AzureOptions azure;

	private final @Nullable BearerTokenSupplier bearerTokenSupplier;

	private final ObservationRegistry observationRegistry;

	private final @Nullable GenAiObservationConvention observationConvention;

	private ClientOptions(Builder builder, @Nullable String apiKey, String baseUrl, @Nullable String organization,
			@Nullable String project, @Nullable String webhookSecret) {
		this.apiKey = apiKey;
		this.webhookSecret = webhookSecret;
		this.baseUrl = baseUrl;
		this.organization = organization;
		this.project = project;
		this.maxRetries = builder.maxRetries;
		this.timeout = builder.timeout;
		this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
		Map<String, String> query = new LinkedHashMap<>(builder.queryParameters);
		if (builder.azure != null && builder.azure.apiVersion() != null) {
			query.putIfAbsent("api-version", builder.azure.apiVersion());
		}
		this.queryParameters = Collections.unmodifiableMap(query);
		this.extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extraBody));
		this.streamIncludeUsage = builder.streamIncludeUsage;
		this.azure = builder.azure;
		this.observationRegistry = builder.observationRegistry;
		this.observationConvention = builder.observationConvention;
		this.bearerTokenSupplier = (builder.bearerTokenSupplier != null)
				? CachingTokenSupplier.of(builder.bearerTokenSupplier) : null;
	}

	/**
	 * A builder with every option unset but the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder that starts from these options.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.apiKey = this.apiKey;
		// An Azure client's base URL comes from its endpoint.
		builder.baseUrl = (this.azure != null) ? null : this.baseUrl;
		builder.organization = this.organization;
		builder.project = this.project;
		builder.maxRetries = this.maxRetries;
		builder.timeout = this.timeout;
		builder.headers.putAll(this.headers);
		builder.queryParameters.putAll(this.queryParameters);
		builder.extraBody.putAll(this.extraBody);
		builder.streamIncludeUsage = this.streamIncludeUsage;
		builder.webhookSecret = this.webhookSecret;
		builder.azure = this.azure;
		builder.bearerTokenSupplier = this.bearerTokenSupplier;
		builder.observationRegistry = this.observationRegistry;
		builder.observationConvention = this.observationConvention;
		return builder;
	}

	/**
	 * The API key sent as {@code Authorization: Bearer} (as {@code api-key} to Azure OpenAI), or
	 * {@code null} for an OpenAI-compatible server that takes none or a client with a
	 * {@link #bearerTokenSupplier()}. Never logged nor
	 * shown by {@link #toString()}.
	 */
	public @Nullable String apiKey() {
		return this.apiKey;
	}

	/** The base URL without a trailing slash, for example {@code https://api.openai.com/v1}. */
	public String baseUrl() {
		return this.baseUrl;
	}

	/** The {@code OpenAI-Organization} header, if set. */
	public @Nullable String organization() {
		return this.organization;
	}

	/** The {@code OpenAI-Project} header, if set. */
	public @Nullable String project() {
		return this.project;
	}

	/** How many times a failed request is retried. */
	public int maxRetries() {
		return this.maxRetries;
	}

	/** The read timeout of every request, or {@code null} to use the transport's. */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/** Headers sent with every request. */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * The secret webhook signatures are checked with ({@code whsec_…}), if set. Never logged nor
	 * shown by {@link #toString()}.
	 */
	public @Nullable String webhookSecret() {
		return this.webhookSecret;
	}

	/** Query parameters added to every request, before the request's own. */
	public Map<String, String> queryParameters() {
		return this.queryParameters;
	}

	/**
	 * Members added to every JSON body that lacks them, for an OpenAI-compatible server's own
	 * parameters ({@code top_k}, {@code enable_thinking}).
	 * @return the members, by name
	 */
	public Map<String, Object> extraBody() {
		return this.extraBody;
	}

	/** Whether streamed chat completions ask for the usage chunk ({@code stream_options.include_usage}). */
	public boolean streamIncludeUsage() {
		return this.streamIncludeUsage;
	}

	/** How the client talks to Azure OpenAI, or {@code null} for OpenAI's API and compatible servers. */
	public @Nullable AzureOptions azure() {
		return this.azure;
	}

	/**
	 * Where the bearer token sent instead of an API key comes from, if anywhere; the supplier
	 * returned caches its tokens.
	 */
	public @Nullable BearerTokenSupplier bearerTokenSupplier() {
		return this.bearerTokenSupplier;
	}

	/** Where the client's GenAI calls are observed; {@link ObservationRegistry#NOOP} by default. */
	public ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	/** The convention that names and tags those observations, or {@code null} for the default. */
	public @Nullable GenAiObservationConvention observationConvention() {
		return this.observationConvention;
	}

	@Override
	public String toString() {
		return "ClientOptions{baseUrl=" + this.baseUrl + ", organization=" + this.organization + ", project="
				+ this.project + ", maxRetries=" + this.maxRetries + ", timeout=" + this.timeout + ", headers="
				+ this.headers.keySet() + ", apiKey=" + ((this.apiKey != null) ? "[redacted]" : "none")
				+ ((this.bearerTokenSupplier != null) ? ", bearerTokenSupplier=" + this.bearerTokenSupplier : "")
				+ ((this.azure != null) ? ", azure=" + this.azure : "") + "}";
	}

	/**
	 * Builds {@link ClientOptions}.
	 */
	public static final class Builder {

		private @Nullable String apiKey;

		private @Nullable String baseUrl;

		private @Nullable String organization;

		private @Nullable String project;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private @Nullable Duration timeout;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private final Map<String, String> queryParameters = new LinkedHashMap<>();

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private boolean streamIncludeUsage;

		private Map<String, String> environment = Map.of();

		private @Nullable String webhookSecret;

		private @Nullable AzureOptions azure;

		private @Nullable BearerTokenSupplier bearerTokenSupplier;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private @Nullable GenAiObservationConvention observationConvention;

		private Builder() {
		}

		/**
		 * The API key; blank or unset, {@code OPENAI_API_KEY} of the {@link #environment}.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * The base URL of the API; blank or unset, {@code OPENAI_BASE_URL} of the
		 * {@link #environment}, else {@link #DEFAULT_BASE_URL}. Checked by {@link #build()}.
		 * @param baseUrl an absolute {@code http} or {@code https} URL
		 * @return this builder
		 */
		public Builder baseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * The organization to bill, sent as {@code OpenAI-Organization}; blank or unset,
		 * {@code OPENAI_ORG_ID} of the {@link #environment}.
		 * @param organization the organization id, or {@code null} for none
		 * @return this builder
		 */
		public Builder organization(@Nullable String organization) {
			this.organization = organization;
			return this;
		}

		/**
		 * The project to bill, sent as {@code OpenAI-Project}; blank or unset,
		 * {@code OPENAI_PROJECT_ID} of the {@link #environment}.
		 * @param project the project id, or {@code null} for none
		 * @return this builder
		 */
		public Builder project(@Nullable String project) {
			this.project = project;
			return this;
		}

		/**
		 * How many times to retry a failed request.
		 * @param maxRetries zero or more
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = requireNotNegative("maxRetries", maxRetries);
			return this;
		}

		/**
		 * The read timeout of every request: the longest wait between two reads of a response.
		 * @param timeout a positive duration, or {@code null} to use the transport's
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = (timeout != null) ? requirePositive("timeout", timeout) : null;
			return this;
		}

		/**
		 * A header to send with every request, replacing one of the same name.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			removeHeader(name);
			this.headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * A query parameter added to every request, such as an OpenAI-compatible server's
		 * {@code api-version}.
		 * @param name the parameter
		 * @param value its value
		 * @return this builder
		 */
		public Builder queryParameter(String name, String value) {
			this.queryParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * A member added to every JSON request body that does not have it already.
		 * @param name the member's name
		 * @param value its value, written as JSON
		 * @return this builder
		 */
		public Builder extraBodyField(String name, Object value) {
			this.extraBody.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Whether a streamed chat completion that does not say otherwise asks for the usage
		 * chunk at its end ({@code stream_options: {"include_usage": true}}); some
		 * OpenAI-compatible servers only send usage when asked.
		 * @param streamIncludeUsage whether to ask
		 * @return this builder
		 */
		public Builder streamIncludeUsage(boolean streamIncludeUsage) {
			this.streamIncludeUsage = streamIncludeUsage;
			return this;
		}

		/**
		 * Stops sending a default header.
		 * @param name the header name, in any case
		 * @return this builder
		 */
		public Builder removeHeader(String name) {
			this.headers.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
			return this;
		}

		/**
		 * The secret that {@code client.webhooks()} checks signatures with, as the dashboard shows
		 * it ({@code whsec_…}); unset, {@code OPENAI_WEBHOOK_SECRET}.
		 * @param webhookSecret the secret, or {@code null} for none
		 * @return this builder
		 */
		public Builder webhookSecret(@Nullable String webhookSecret) {
			this.webhookSecret = webhookSecret;
			return this;
		}

		/**
		 * Talks to Azure OpenAI: the base URL becomes the endpoint's, the key goes in the
		 * {@code api-key} header (unset, {@code AZURE_OPENAI_API_KEY}), and the
		 * {@code api-version} with every request.
		 * @param azure the Azure options, or {@code null} for OpenAI's API
		 * @return this builder
		 */
		public Builder azure(@Nullable AzureOptions azure) {
			this.azure = azure;
			return this;
		}

		/**
		 * Sends {@code Authorization: Bearer} with a token of this supplier instead of an API
		 * key, such as a Microsoft Entra ID token. Each token is kept until shortly before it
		 * expires; concurrent calls share one fetch.
		 * @param bearerTokenSupplier the supplier, or {@code null} for none
		 * @return this builder
		 */
		public Builder bearerTokenSupplier(@Nullable BearerTokenSupplier bearerTokenSupplier) {
			this.bearerTokenSupplier = bearerTokenSupplier;
			return this;
		}

		/**
		 * Observes each GenAI call (chat, completions, embeddings, images, audio) as
		 * {@code gen_ai.client.operation.duration}, after OpenTelemetry's GenAI semantic
		 * conventions, with its usage and, for a stream, its time to the first chunk.
		 * @param observationRegistry the registry, {@link ObservationRegistry#NOOP} for none
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
			return this;
		}

		/**
		 * Names and tags the observations of GenAI calls in place of the
		 * {@link io.asyncopenai.observation.DefaultGenAiObservationConvention}.
		 * @param observationConvention the convention, or {@code null} for the default
		 * @return this builder
		 */
		public Builder observationConvention(@Nullable GenAiObservationConvention observationConvention) {
			this.observationConvention = observationConvention;
			return this;
		}

		/**
		 * Where {@link #build()} reads the options left unset: {@code OPENAI_API_KEY},
		 * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID} and
		 * {@code OPENAI_WEBHOOK_SECRET}. None
		 * unless set, for example to {@link System#getenv()}.
		 * @param environment variable names and values
		 * @return this builder
		 */
		public Builder environment(Map<String, String> environment) {
			this.environment = Map.copyOf(environment);
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 * @throws OpenAIException if no API key was set here nor in the environment and the base
		 * URL is OpenAI's own ({@code api.openai.com}); another server may take requests without
		 * @throws IllegalArgumentException if the base URL is not an absolute http or https URL
		 */
		public ClientOptions build() {
			if (this.azure != null) {
				return buildAzure(this.azure);
			}
			String key = firstNonBlank(this.apiKey, this.environment.get("OPENAI_API_KEY"));
			String url = firstNonBlank(this.baseUrl, this.environment.get("OPENAI_BASE_URL"));
			String baseUrl = validateBaseUrl((url != null) ? url : DEFAULT_BASE_URL);
			if (key == null && this.bearerTokenSupplier == null && isOpenAI(baseUrl)) {
				throw new OpenAIException("The api key must be set: pass apiKey(...) to AsyncOpenAI.builder(), "
						+ "set the OPENAI_API_KEY environment variable, or set the openai.api-key property in Spring Boot");
			}
			return new ClientOptions(this, key, baseUrl,
					firstNonBlank(this.organization, this.environment.get("OPENAI_ORG_ID")),
					firstNonBlank(this.project, this.environment.get("OPENAI_PROJECT_ID")),
					firstNonBlank(this.webhookSecret, this.environment.get("OPENAI_WEBHOOK_SECRET")));
		}

		private ClientOptions buildAzure(AzureOptions azure) {
			if (this.baseUrl != null && !this.baseUrl.isBlank()) {
				throw new IllegalArgumentException("baseUrl is not used with Azure OpenAI, whose endpoint ("
						+ azure.endpoint() + ") gives the base URL; set one or the other");
			}
			String key = firstNonBlank(this.apiKey, this.environment.get("AZURE_OPENAI_API_KEY"));
			if (key == null && this.bearerTokenSupplier == null) {
				throw new OpenAIException("Azure OpenAI needs an api key or a Microsoft Entra ID token: pass apiKey(...) "
						+ "or bearerTokenSupplier(...), set the AZURE_OPENAI_API_KEY environment variable, or set "
						+ "the openai.api-key property in Spring Boot");
			}
			return new ClientOptions(this, key, azure.baseUrl(), null, null,
					firstNonBlank(this.webhookSecret, this.environment.get("OPENAI_WEBHOOK_SECRET")));
		}

		private static @Nullable String firstNonBlank(@Nullable String first, @Nullable String second) {
			if (first != null && !first.isBlank()) {
				return first;
			}
			return (second != null && !second.isBlank()) ? second : null;
		}

	}

	/**
	 * Whether a base URL is OpenAI's own API, which needs a key; an OpenAI-compatible server
	 * (vLLM, Ollama, a gateway) may not.
	 * @param baseUrl an absolute URL
	 * @return whether its host is {@code api.openai.com}
	 */
	public static boolean isOpenAI(String baseUrl) {
		String host = URI.create(baseUrl).getHost();
		return host != null && host.equalsIgnoreCase("api.openai.com");
	}

	static int requireNotNegative(String name, int value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

	static Duration requirePositive(String name, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
		return duration;
	}

	static String validateBaseUrl(String baseUrl) {
		return validateUrl("baseUrl", baseUrl);
	}

	/**
	 * An absolute http or https URL without its trailing slash.
	 * @param name the option's name, which a refusal starts with
	 */
	static String validateUrl(String name, String url) {
		Objects.requireNonNull(url, name);
		URI uri;
		try {
			uri = URI.create(url.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(name + " is not a valid URL: " + url, ex);
		}
		if (uri.getScheme() == null || uri.getHost() == null
				|| !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
			throw new IllegalArgumentException(name + " must be an absolute http or https URL, was " + url);
		}
		String text = uri.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
