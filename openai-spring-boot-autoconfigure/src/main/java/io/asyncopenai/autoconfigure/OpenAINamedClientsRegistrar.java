package io.asyncopenai.autoconfigure;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;

/**
 * Registers a client for each name under {@code openai.clients}: an {@link OpenAIHttpClient}
 * bean {@code <name>OpenAIHttpClient} and an {@link AsyncOpenAI} bean {@code <name>AsyncOpenAI},
 * both qualified {@code @Qualifier("<name>")} and closed with the context. A named client's
 * properties are {@code openai.*} overridden by {@code openai.clients.<name>.*}: what a name
 * leaves unset it inherits. It runs after the configuration classes are read, so that the
 * default client's {@code @ConditionalOnMissingBean} does not see the named ones.
 */
final class OpenAINamedClientsRegistrar
		implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, ResourceLoaderAware, BeanFactoryAware {

	static final String CLIENTS = "openai.clients";

	private @Nullable Environment environment;

	private @Nullable ResourceLoader resourceLoader;

	private @Nullable ListableBeanFactory beanFactory;

	/** By name, each client's properties, bound once for its transport and its client. */
	private final Map<String, OpenAIProperties> properties = new ConcurrentHashMap<>();

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		for (String name : names()) {
			RootBeanDefinition transport = new RootBeanDefinition(OpenAIHttpClient.class, () -> transport(name));
			transport.setDestroyMethodName("close");
			transport.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(name + "OpenAIHttpClient", transport);
			RootBeanDefinition client = new RootBeanDefinition(AsyncOpenAI.class, () -> client(name));
			client.setDestroyMethodName("close");
			client.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			client.setDependsOn(name + "OpenAIHttpClient");
			registry.registerBeanDefinition(name + "AsyncOpenAI", client);
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	private Set<String> names() {
		return binder().bind(CLIENTS, Bindable.mapOf(String.class, Object.class)).orElse(Map.of()).keySet();
	}

	/** The properties of one client: {@code openai.*}, then {@code openai.clients.<name>.*} over them. */
	private OpenAIProperties properties(String name) {
		return this.properties.computeIfAbsent(name, (client) -> {
			OpenAIProperties properties = new OpenAIProperties();
			Binder binder = binder();
			binder.bind("openai", Bindable.ofInstance(properties));
			binder.bind(prefix(client), Bindable.ofInstance(properties));
			return properties;
		});
	}

	private OpenAIHttpClient transport(String name) {
		ListableBeanFactory beans = beanFactory();
		ResourceLoader loader = (this.resourceLoader != null) ? this.resourceLoader : new DefaultResourceLoader();
		return new OpenAIHttpClientFactory(loader, beans.getBeanProvider(SslBundles.class).getIfAvailable(),
				prefix(name) + ".http.", "openai-" + name)
			.create(properties(name).getHttp(), (builder) -> {
				builder.webClientBuilder(beans.getBeanProvider(WebClient.Builder.class).getIfAvailable());
				builder.poolMetrics(OpenAIAutoConfiguration.hasMeterRegistry(beans, loader.getClassLoader()));
				ClientCustomizers.of(beans, OpenAIHttpClientCustomizer.class, name)
					.forEach((customizer) -> builder.httpClientCustomizer(customizer::customize));
			});
	}

	private AsyncOpenAI client(String name) {
		ListableBeanFactory beans = beanFactory();
		OpenAIHttpClient transport = beans.getBean(name + "OpenAIHttpClient", OpenAIHttpClient.class);
		ClassLoader classLoader = (this.resourceLoader != null) ? this.resourceLoader.getClassLoader() : null;
		return OpenAIClientFactory.create(prefix(name) + ".", properties(name), transport, Map.of(),
				() -> EntraIdTokens.of(beans, name, classLoader), (builder) -> {
					OpenAIClientFactory.observe(builder, beans);
					ClientCustomizers.of(beans, AsyncOpenAIBuilderCustomizer.class, name)
						.forEach((customizer) -> customizer.customize(builder));
				});
	}

	private static String prefix(String name) {
		return CLIENTS + "." + name;
	}

	private Binder binder() {
		if (this.environment == null) {
			throw new IllegalStateException("No environment to read " + CLIENTS + " from");
		}
		return Binder.get(this.environment);
	}

	private ListableBeanFactory beanFactory() {
		if (this.beanFactory == null) {
			throw new IllegalStateException("No bean factory to make the named OpenAI clients in");
		}
		return this.beanFactory;
	}

}
