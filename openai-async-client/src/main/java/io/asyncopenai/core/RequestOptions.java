package io.asyncopenai.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Options of one call: extra headers and query parameters, and a timeout or retry count that
 * override the client's. The counterpart of the Python SDK's {@code extra_headers},
 * {@code extra_query}, {@code timeout} and {@code max_retries} arguments. Extra body fields
 * go on the params builders ({@code extraBody}).
 */
public final class RequestOptions {

	private static final RequestOptions NONE = builder().build();

	private final Map<String, String> headers;

	private final Map<String, String> queryParameters;

	private final @Nullable Duration timeout;

	private final @Nullable Integer maxRetries;

	private RequestOptions(Builder builder) {
		this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
		this.queryParameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.queryParameters));
		this.timeout = builder.timeout;
		this.maxRetries = builder.maxRetries;
	}

	/** Options that change nothing. */
	public static RequestOptions none() {
		return NONE;
	}

	/**
	 * A builder for request options.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** Headers to add to the request, replacing defaults of the same name. */
	public Map<String, String> headers() {
		return this.headers;
	}

	/** Query parameters to add to the URL. */
	public Map<String, String> queryParameters() {
		return this.queryParameters;
	}

	/** The read timeout of this request, or {@code null} for the client's. */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/** The retries of this request, or {@code null} for the client's. */
	public @Nullable Integer maxRetries() {
		return this.maxRetries;
	}

	@Override
	public String toString() {
		return "RequestOptions{headers=" + this.headers.keySet() + ", queryParameters=" + this.queryParameters
				+ ", timeout=" + this.timeout + ", maxRetries=" + this.maxRetries + "}";
	}

	/**
	 * Builds {@link RequestOptions}.
	 */
	public static final class Builder {

		private final Map<String, String> headers = new LinkedHashMap<>();

		private final Map<String, String> queryParameters = new LinkedHashMap<>();

		private @Nullable Duration timeout;

		private @Nullable Integer maxRetries;

		private Builder() {
		}

		/**
		 * Adds a header, replacing a default header of the same name.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Adds a query parameter.
		 * @param name the parameter name
		 * @param value the parameter value, URL-encoded by the client
		 * @return this builder
		 */
		public Builder queryParameter(String name, String value) {
			this.queryParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * The read timeout of this request: the longest wait between two reads of the response.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = ClientOptions.requirePositive("timeout", timeout);
			return this;
		}

		/**
		 * How many times to retry this request.
		 * @param maxRetries zero or more
		 * @return this builder
		 */
		public Builder maxRetries(int maxRetries) {
			this.maxRetries = ClientOptions.requireNotNegative("maxRetries", maxRetries);
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public RequestOptions build() {
			return new RequestOptions(this);
		}

	}

}
