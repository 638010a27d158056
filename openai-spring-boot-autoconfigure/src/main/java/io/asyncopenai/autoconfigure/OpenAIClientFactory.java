package io.asyncopenai.autoconfigure;

import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.PropertyMapper;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.ClientOptions;
import io.asyncopenai.http.OpenAIHttpClient;

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
	 * @param variables the {@code OPENAI_*} environment variables it falls back to
	 * @param customize what else to set on the builder before it is built
	 * @return the client
	 */
	static AsyncOpenAI create(String prefix, OpenAIProperties properties, OpenAIHttpClient httpClient,
			Map<String, String> variables, Consumer<AsyncOpenAI.Builder> customize) {
		String baseUrl = !isBlank(properties.getBaseUrl()) ? properties.getBaseUrl() : variables.get("OPENAI_BASE_URL");
		if (isBlank(properties.getApiKey()) && isBlank(variables.get("OPENAI_API_KEY")) && isOpenAI(baseUrl)) {
			throw new MissingApiKeyException(prefix + "api-key");
		}
		AsyncOpenAI.Builder builder = AsyncOpenAI.builder().environment(variables).httpClient(httpClient);
		BuilderProperties to = new BuilderProperties(prefix);
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getMaxRetries).to(to.to("max-retries", "maxRetries", builder::maxRetries));
		// Secrets are never shown, not even in the reason a value was refused.
		map.from(properties::getApiKey).whenHasText().to(to.to("api-key", "apiKey", builder::apiKey, (key) -> "******"));
		map.from(baseUrl).whenHasText().to(to.to("base-url", "baseUrl", builder::baseUrl));
		map.from(properties::getOrganization).whenHasText().to(builder::organization);
		map.from(properties::getProject).whenHasText().to(builder::project);
		map.from(properties::getWebhookSecret).whenHasText().to(builder::webhookSecret);
		properties.getDefaultQuery().forEach(builder::defaultQueryParameter);
		properties.getExtraBody().forEach((name, value) -> builder.extraBodyField(name, jsonOrText(value)));
		map.from(properties::isStreamIncludeUsage).to(builder::streamIncludeUsage);
		customize.accept(builder);
		return to.build(builder::build);
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
