package io.asyncopenai.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.asyncopenai.AsyncOpenAI;
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
@ImportRuntimeHints(OpenAINamedClients.Hints.class)
public final class OpenAIAutoConfiguration {

	private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

	private static final String[] ENVIRONMENT_VARIABLES = { "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID",
			"OPENAI_PROJECT_ID", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION" };

	/**
	 * The clients of {@code openai.clients.<name>.*}, one pair of beans per name.
	 * @return the registrar
	 */
	@Bean
	static OpenAINamedClientsRegistrar openAINamedClientsRegistrar() {
		return new OpenAINamedClientsRegistrar();
	}

	@Bean(destroyMethod = "close")
	@Primary
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "openai.default-client.enabled", matchIfMissing = true)
	OpenAIHttpClient openAIHttpClient(OpenAIProperties properties, ResourceLoader resourceLoader,
			ListableBeanFactory beanFactory, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<WebClient.Builder> webClientBuilder) {
		return new OpenAIHttpClientFactory(resourceLoader, sslBundles.getIfAvailable()).create(properties.getHttp(),
				(builder) -> {
					builder.webClientBuilder(webClientBuilder.getIfAvailable());
					builder.poolMetrics(hasMeterRegistry(beanFactory, resourceLoader.getClassLoader()));
					ClientCustomizers.of(beanFactory, OpenAIHttpClientCustomizer.class, null)
						.forEach((customizer) -> builder.httpClientCustomizer(customizer::customize));
				});
	}

	@Bean(destroyMethod = "close")
	@Primary
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "openai.default-client.enabled", matchIfMissing = true)
	AsyncOpenAI asyncOpenAI(OpenAIProperties properties, OpenAIHttpClient httpClient, Environment environment,
			ListableBeanFactory beanFactory, ResourceLoader resourceLoader) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String name : ENVIRONMENT_VARIABLES) {
			String value = environment.getProperty(name);
			if (value != null) {
				variables.put(name, value);
			}
		}
		return OpenAIClientFactory.create(OpenAIClientFactory.PREFIX, properties, httpClient, variables,
				() -> EntraIdTokens.of(beanFactory, null, resourceLoader.getClassLoader()), (builder) -> {
					OpenAIClientFactory.observe(builder, beanFactory);
					ClientCustomizers.of(beanFactory, AsyncOpenAIBuilderCustomizer.class, null)
						.forEach((customizer) -> customizer.customize(builder));
				});
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
	static boolean hasMeterRegistry(ListableBeanFactory beanFactory, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(METER_REGISTRY, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(METER_REGISTRY, classLoader);
		return beanFactory.getBeanNamesForType(type, false, false).length > 0;
	}

}
