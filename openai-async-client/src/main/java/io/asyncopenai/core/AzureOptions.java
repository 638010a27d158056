package io.asyncopenai.core;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How a client talks to Azure OpenAI: its resource endpoint, the {@code api-version} query
 * parameter and the style of its paths. With these options the API key goes in the
 * {@code api-key} header rather than {@code Authorization}; a
 * {@linkplain ClientOptions.Builder#bearerTokenSupplier Microsoft Entra ID token} goes in
 * {@code Authorization}.
 */
public final class AzureOptions {

	/**
	 * The operations Azure serves below a deployment in the {@link PathStyle#DEPLOYMENTS}
	 * style; the others (files, batches, models...) stay below {@code /openai}.
	 */
	static final Set<String> DEPLOYMENT_PATHS = Set.of("/completions", "/chat/completions", "/embeddings",
			"/audio/transcriptions", "/audio/translations", "/audio/speech", "/images/generations", "/images/edits");

	private final String endpoint;

	private final @Nullable String apiVersion;

	private final PathStyle pathStyle;

	private final @Nullable String deployment;

	private AzureOptions(Builder builder) {
		if (builder.endpoint == null || builder.endpoint.isBlank()) {
			throw new IllegalArgumentException(
					"endpoint must be set: the Azure OpenAI resource's, such as https://my-resource.openai.azure.com");
		}
		this.endpoint = ClientOptions.validateUrl("endpoint", builder.endpoint);
		this.apiVersion = (builder.apiVersion != null && !builder.apiVersion.isBlank()) ? builder.apiVersion.strip()
				: null;
		this.pathStyle = builder.pathStyle;
		this.deployment = (builder.deployment != null && !builder.deployment.isBlank()) ? builder.deployment.strip()
				: null;
		if (this.pathStyle == PathStyle.DEPLOYMENTS && this.apiVersion == null) {
			throw new IllegalArgumentException(
					"apiVersion must be set for Azure OpenAI deployment paths (for example 2024-10-21)");
		}
		if (this.pathStyle == PathStyle.V1 && this.deployment != null) {
			throw new IllegalArgumentException(
					"deployment is for Azure OpenAI deployment paths; the v1 API takes the deployment as the model");
		}
	}

	/**
	 * A builder of Azure options.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** The resource's endpoint without a trailing slash. */
	public String endpoint() {
		return this.endpoint;
	}

	/** The {@code api-version} sent with every request, if any. */
	public @Nullable String apiVersion() {
		return this.apiVersion;
	}

	/** The style of the paths. */
	public PathStyle pathStyle() {
		return this.pathStyle;
	}

	/**
	 * The deployment every deployment-scoped request goes to, or {@code null} to use the
	 * request's {@code model} as the deployment's name.
	 */
	public @Nullable String deployment() {
		return this.deployment;
	}

	/** The base URL requests go below: {@code <endpoint>/openai/v1} or {@code <endpoint>/openai}. */
	String baseUrl() {
		return this.endpoint + ((this.pathStyle == PathStyle.V1) ? "/openai/v1" : "/openai");
	}

	@Override
	public String toString() {
		return "AzureOptions{endpoint=" + this.endpoint + ", apiVersion=" + this.apiVersion + ", pathStyle="
				+ this.pathStyle + ", deployment=" + this.deployment + "}";
	}

	/**
	 * The two URL styles of Azure OpenAI.
	 */
	public enum PathStyle {

		/**
		 * The v1 API, {@code <endpoint>/openai/v1/chat/completions}, where the model is the
		 * deployment's name and {@code api-version} is optional.
		 */
		V1,

		/**
		 * The deployment paths, {@code <endpoint>/openai/deployments/<deployment>/chat/completions},
		 * each request with an {@code api-version}.
		 */
		DEPLOYMENTS

	}

	/**
	 * Builds {@link AzureOptions}.
	 */
	public static final class Builder {

		private @Nullable String endpoint;

		private @Nullable String apiVersion;

		private PathStyle pathStyle = PathStyle.V1;

		private @Nullable String deployment;

		private Builder() {
		}

		/**
		 * The resource's endpoint; required.
		 * @param endpoint such as {@code https://my-resource.openai.azure.com}
		 * @return this builder
		 */
		public Builder endpoint(String endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		/**
		 * The {@code api-version} query parameter; needed by {@link PathStyle#DEPLOYMENTS}.
		 * @param apiVersion such as {@code 2024-10-21}, or {@code preview} for the v1 API
		 * @return this builder
		 */
		public Builder apiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

		/**
		 * The style of the paths (default {@link PathStyle#V1}).
		 * @param pathStyle the style
		 * @return this builder
		 */
		public Builder pathStyle(PathStyle pathStyle) {
			this.pathStyle = Objects.requireNonNull(pathStyle, "pathStyle");
			return this;
		}

		/**
		 * The deployment of every deployment-scoped request in the
		 * {@link PathStyle#DEPLOYMENTS} style; unset, the request's {@code model}.
		 * @param deployment the deployment's name
		 * @return this builder
		 */
		public Builder deployment(@Nullable String deployment) {
			this.deployment = deployment;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 * @throws IllegalArgumentException if the endpoint is not an absolute http or https
		 * URL, or deployment paths lack an api version
		 */
		public AzureOptions build() {
			return new AzureOptions(this);
		}

	}

}
