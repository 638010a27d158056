package io.asyncopenai.autoconfigure;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.AzureOptions;
import io.asyncopenai.core.BearerTokenSupplier;
import io.asyncopenai.core.ClientOptions;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.observation.GenAiObservationConvention;

/**
 * Makes an {@link AsyncOpenAI} of {@link OpenAIProperties}: the default client of
 * {@code openai.*} and each named client of {@code openai.clients.<name>.*}, failing with the
 * property of the client whose value the builder refuses.
 */
final class OpenAIClientFactory {

	/** The prefix of the default client's properties. */
	static final String PREFIX = "openai.";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenAIClientFactory() {
	}

	/**
	 * A client.
	 * @param prefix the prefix of its properties, such as {@code openai.clients.azure.}
	 * @param properties its properties
	 * @param httpClient its transport
	 * @param variables the {@code OPENAI_*} and {@code AZURE_OPENAI_*} environment variables it
	 * falls back to
	 * @param entraTokens the Microsoft Entra ID tokens of an Azure client without a key, if any
	 * @param customize what else to set on the builder before it is built
	 * @return the client
	 */
	static AsyncOpenAI create(String prefix, OpenAIProperties properties, OpenAIHttpClient httpClient,
			Map<String, String> variables, Supplier<@Nullable BearerTokenSupplier> entraTokens,
			Consumer<AsyncOpenAI.Builder> customize) {
		AsyncOpenAI.Builder builder = AsyncOpenAI.builder().environment(variables).httpClient(httpClient);
		BuilderProperties to = new BuilderProperties(prefix);
		PropertyMapper map = PropertyMapper.get();
		if (properties.effectiveKind() == OpenAIProperties.Kind.AZURE) {
			azure(prefix, properties, variables, entraTokens, builder, to);
		}
		else {
			String baseUrl = !isBlank(properties.getBaseUrl()) ? properties.getBaseUrl()
					: variables.get("OPENAI_BASE_URL");
			if (isBlank(properties.getApiKey()) && isBlank(variables.get("OPENAI_API_KEY")) && isOpenAI(baseUrl)) {
				throw new MissingApiKeyException(prefix + "api-key");
			}
			map.from(baseUrl).whenHasText().to(to.to("base-url", "baseUrl", builder::baseUrl));
			map.from(properties::getOrganization).whenHasText().to(builder::organization);
			map.from(properties::getProject).whenHasText().to(builder::project);
		}
		map.from(properties::getMaxRetries).to(to.to("max-retries", "maxRetries", builder::maxRetries));
		// Secrets are never shown, not even in the reason a value was refused.
		map.from(properties::getApiKey).whenHasText().to(to.to("api-key", "apiKey", builder::apiKey, (key) -> "******"));
		map.from(properties::getWebhookSecret).whenHasText().to(builder::webhookSecret);
		properties.getDefaultQuery().forEach(builder::defaultQueryParameter);
		properties.getExtraBody().forEach((name, value) -> builder.extraBodyField(name, jsonOrText(value)));
		map.from(properties::isStreamIncludeUsage).to(builder::streamIncludeUsage);
		customize.accept(builder);
		return to.build(builder::build);
	}

	/**
	 * Lets the client's GenAI calls be observed in the application's observation registry, with
	 * its {@link GenAiObservationConvention} bean, if any; customizers may change both.
	 * @param builder the client's builder
	 * @param beans where the registry is
	 */
	static void observe(AsyncOpenAI.Builder builder, ListableBeanFactory beans) {
		beans.getBeanProvider(ObservationRegistry.class).ifUnique(builder::observationRegistry);
		beans.getBeanProvider(GenAiObservationConvention.class).ifUnique(builder::observationConvention);
	}

	/**
	 * Makes the builder's client an Azure OpenAI one: its endpoint ({@code azure.endpoint},
	 * else {@code base-url}), api version and paths, and its credentials: the key, else a
	 * Microsoft Entra ID token supplier.
	 */
	private static void azure(String prefix, OpenAIProperties properties, Map<String, String> variables,
			Supplier<@Nullable BearerTokenSupplier> entraTokens, AsyncOpenAI.Builder builder, BuilderProperties to) {
		OpenAIProperties.Azure azure = properties.getAzure();
		String endpointProperty = !isBlank(azure.getEndpoint()) ? "azure.endpoint" : "base-url";
		String endpoint = !isBlank(azure.getEndpoint()) ? azure.getEndpoint()
				: !isBlank(properties.getBaseUrl()) ? properties.getBaseUrl() : variables.get("AZURE_OPENAI_ENDPOINT");
		if (isBlank(endpoint)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "azure.endpoint", null,
					"An Azure OpenAI client needs the endpoint of its resource, such as "
							+ "https://my-resource.openai.azure.com (or the AZURE_OPENAI_ENDPOINT environment variable)");
		}
		String apiVersion = !isBlank(azure.getApiVersion()) ? azure.getApiVersion() : variables.get("OPENAI_API_VERSION");
		AzureOptions options = to.build(() -> {
			AzureOptions.Builder azureOptions = AzureOptions.builder().pathStyle(azure.getPathStyle());
			PropertyMapper map = PropertyMapper.get();
			map.from(endpoint).to(to.to(endpointProperty, "endpoint", azureOptions::endpoint));
			// Set even when unset, so that the builder's refusal of no version names the property.
			to.to("azure.api-version", "apiVersion", azureOptions::apiVersion).accept(apiVersion);
			map.from(azure::getDeployment)
				.whenHasText()
				.to(to.to("azure.deployment", "deployment", azureOptions::deployment));
			return azureOptions.build();
		});
		builder.azure(options);
		if (isBlank(properties.getApiKey()) && isBlank(variables.get("AZURE_OPENAI_API_KEY"))) {
			BearerTokenSupplier tokens = entraTokens.get();
			if (tokens == null) {
				throw new MissingApiKeyException(prefix + "api-key", true);
			}
			builder.bearerTokenSupplier(tokens);
		}
	}

	/**
	 * Whether the base URL is OpenAI's own, which needs a key: unset, or at
	 * {@code api.openai.com}. Another server (vLLM, Ollama, a gateway) may take requests
	 * without one; a base URL that does not parse is left to the builder to refuse.
	 */
	private static boolean isOpenAI(@Nullable String baseUrl) {
		if (isBlank(baseUrl)) {
			return true;
		}
		try {
			return ClientOptions.isOpenAI(baseUrl.strip());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** A property value as JSON where it is JSON ({@code 20}, {@code false}, {@code [1,2]}), else as text. */
	private static Object jsonOrText(String value) {
		try {
			return JSON.readTree(value);
		}
		catch (JacksonException ex) {
			return value;
		}
	}

	static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
