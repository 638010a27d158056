package io.asyncopenai.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers a client for each name under {@code openai.clients}: an
 * {@link io.asyncopenai.http.OpenAIHttpClient} bean {@code <name>OpenAIHttpClient} and an
 * {@link io.asyncopenai.AsyncOpenAI} bean {@code <name>AsyncOpenAI}, both qualified
 * {@code @Qualifier("<name>")} and closed with the context (see {@link OpenAINamedClients}).
 * It runs after the configuration classes are read, so that the default client's
 * {@code @ConditionalOnMissingBean} does not see the named ones. A name whose bean is already
 * defined is left as it is: the application defined it, or Spring AOT generated it.
 */
final class OpenAINamedClientsRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		for (String name : names()) {
			OpenAINamedClients.definitions(name).forEach((beanName, definition) -> {
				if (!registry.containsBeanDefinition(beanName)) {
					registry.registerBeanDefinition(beanName, definition);
				}
			});
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	private Iterable<String> names() {
		if (this.environment == null) {
			throw new IllegalStateException("No environment to read " + OpenAINamedClients.CLIENTS + " from");
		}
		return Binder.get(this.environment)
			.bind(OpenAINamedClients.CLIENTS, Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of())
			.keySet();
	}

}
