package io.asyncopenai;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.errors.OpenAIException;

/**
 * What an {@link AsyncOpenAI} client sends with every request: credentials, base URL, retries,
 * timeout and default headers. Immutable; {@link AsyncOpenAI#withOptions} derives a client
 * with changed options that shares the transport.
 */
public final class ClientOptions {

	/** The API's base URL, used when neither the builder nor {@code OPENAI_BASE_URL} sets one. */
	public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

	/** Retries after the first attempt, as in the official SDKs. */
	public static final int DEFAULT_MAX_RETRIES = 2;

	private final String apiKey;

	private final String baseUrl;

	private final @Nullable String organization;

	private final @Nullable String project;

	private final int maxRetries;

	private final @Nullable Duration timeout;

	private final Map<String, String> headers;

	private ClientOptions(Builder builder) {
		this.apiKey = Objects.requireNonNull(builder.apiKey, "apiKey");
		this.baseUrl = builder.baseUrl;
		this.organization = builder.organization;
		this.project = builder.project;
		this.maxRetries = builder.maxRetries;
		this.timeout = builder.timeout;
		this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
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
		builder.baseUrl = this.baseUrl;
		builder.organization = this.organization;
		builder.project = this.project;
		builder.maxRetries = this.maxRetries;
		builder.timeout = this.timeout;
		builder.headers.putAll(this.headers);
		return builder;
	}

	/** The API key sent as {@code Authorization: Bearer}. Never logged nor shown by {@link #toString()}. */
	public String apiKey() {
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

	@Override
	public String toString() {
		return "ClientOptions{baseUrl=" + this.baseUrl + ", organization=" + this.organization + ", project="
				+ this.project + ", maxRetries=" + this.maxRetries + ", timeout=" + this.timeout + ", headers="
				+ this.headers.keySet() + ", apiKey=[redacted]}";
	}

	/**
	 * Builds {@link ClientOptions}.
	 */
	public static final class Builder {

		private @Nullable String apiKey;

		private String baseUrl = DEFAULT_BASE_URL;

		private @Nullable String organization;

		private @Nullable String project;

		private int maxRetries = DEFAULT_MAX_RETRIES;

		private @Nullable Duration timeout;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * The API key.
		 * @param apiKey the key, not blank
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			if (apiKey == null || apiKey.isBlank()) {
				throw new IllegalArgumentException("apiKey must not be blank");
			}
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * The base URL of the API.
		 * @param baseUrl an absolute {@code http} or {@code https} URL
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = validateBaseUrl(baseUrl);
			return this;
		}

		/**
		 * The organization to bill, sent as {@code OpenAI-Organization}.
		 * @param organization the organization id, or {@code null} for none
		 * @return this builder
		 */
		public Builder organization(@Nullable String organization) {
			this.organization = organization;
			return this;
		}

		/**
		 * The project to bill, sent as {@code OpenAI-Project}.
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
		 * Stops sending a default header.
		 * @param name the header name, in any case
		 * @return this builder
		 */
		public Builder removeHeader(String name) {
			this.headers.keySet().removeIf((existing) -> existing.equalsIgnoreCase(name));
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 * @throws OpenAIException if no API key was set
		 */
		public ClientOptions build() {
			if (this.apiKey == null) {
				throw new OpenAIException("The api key must be set: pass apiKey(...) to the builder, set the "
						+ "OPENAI_API_KEY environment variable, or set the openai.api-key property in Spring Boot");
			}
			return new ClientOptions(this);
		}

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
		Objects.requireNonNull(baseUrl, "baseUrl");
		URI uri;
		try {
			uri = URI.create(baseUrl.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("baseUrl is not a valid URL: " + baseUrl, ex);
		}
		if (uri.getScheme() == null || uri.getHost() == null
				|| !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
			throw new IllegalArgumentException("baseUrl must be an absolute http or https URL, was " + baseUrl);
		}
		String text = uri.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
