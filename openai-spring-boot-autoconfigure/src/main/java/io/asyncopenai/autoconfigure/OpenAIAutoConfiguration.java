package io.asyncopenai.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.ClientOptions;
import io.asyncopenai.http.OpenAIHttpClient;

/**
 * Auto-configuration of an {@link AsyncOpenAI} client and its {@link OpenAIHttpClient}
 * transport from {@link OpenAIProperties}. The transport starts from Spring Boot's
 * {@link WebClient.Builder} (so observations and {@code WebClientCustomizer}s apply) with a
 * connection pool of its own, and both close with the context, after the web server's
 * graceful shutdown.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass(name = { "io.asyncopenai.AsyncOpenAI", ReactorNettyMissingFailureAnalyzer.REACTOR_NETTY_CLASS })
@ConditionalOnBooleanProperty(name = "openai.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OpenAIProperties.class)
public final class OpenAIAutoConfiguration {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

	private static final String[] ENVIRONMENT_VARIABLES = { "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID",
			"OPENAI_PROJECT_ID" };

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	OpenAIHttpClient openAIHttpClient(OpenAIProperties properties, ResourceLoader resourceLoader,
			ListableBeanFactory beanFactory, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<OpenAIHttpClientCustomizer> customizers) {
		return new OpenAIHttpClientFactory(resourceLoader, sslBundles.getIfAvailable()).create(properties.getHttp(),
				(builder) -> {
					builder.webClientBuilder(webClientBuilder.getIfAvailable());
					builder.poolMetrics(hasMeterRegistry(beanFactory, resourceLoader.getClassLoader()));
					customizers.orderedStream().forEach((customizer) -> builder.httpClientCustomizer(customizer::customize));
				});
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AsyncOpenAI asyncOpenAI(OpenAIProperties properties, OpenAIHttpClient httpClient, Environment environment,
			ObjectProvider<AsyncOpenAIBuilderCustomizer> customizers) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String name : ENVIRONMENT_VARIABLES) {
			String value = environment.getProperty(name);
			if (value != null) {
				variables.put(name, value);
			}
		}
		String baseUrl = !isBlank(properties.getBaseUrl()) ? properties.getBaseUrl() : variables.get("OPENAI_BASE_URL");
		if (isBlank(properties.getApiKey()) && isBlank(variables.get("OPENAI_API_KEY")) && isOpenAI(baseUrl)) {
			throw new MissingApiKeyException();
		}
		AsyncOpenAI.Builder builder = AsyncOpenAI.builder().environment(variables).httpClient(httpClient);
		BuilderProperties to = new BuilderProperties("openai.");
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
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return to.build(builder::build);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
	static class ActuatorConfiguration {

		@Bean
		OpenAISanitizingFunction openAISanitizingFunction() {
			return new OpenAISanitizingFunction();
		}

	}

	/**
	 * Whether Micrometer is in use, in which case the pool publishes Reactor Netty's metrics
	 * (tagged {@code name=openai}) to Micrometer's global registry, which Spring Boot's
	 * registries join by default.
	 */
	private static boolean hasMeterRegistry(ListableBeanFactory beanFactory, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(METER_REGISTRY, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(METER_REGISTRY, classLoader);
		return beanFactory.getBeanNamesForType(type, false, false).length > 0;
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

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
