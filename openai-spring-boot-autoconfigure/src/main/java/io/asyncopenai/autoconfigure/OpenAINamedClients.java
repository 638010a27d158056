package io.asyncopenai.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;

/**
 * The beans of one named client, {@code <name>OpenAIHttpClient} and {@code <name>AsyncOpenAI},
 * made by static factory methods whose only explicit argument is the name, so that Spring AOT
 * can generate their bean definitions: an instance supplier cannot be.
 */
final class OpenAINamedClients {

	static final String CLIENTS = "openai.clients";

	private OpenAINamedClients() {
	}

	/**
	 * The definitions of a client's two beans, both qualified by its name and closed with the
	 * context, the client after its transport.
	 * @param name the client's name
	 * @return the transport's definition and then the client's
	 */
	static Map<String, RootBeanDefinition> definitions(String name) {
		RootBeanDefinition transport = definition(name, "transport");
		RootBeanDefinition client = definition(name, "client");
		client.setDependsOn(transportBeanName(name));
		Map<String, RootBeanDefinition> definitions = new LinkedHashMap<>();
		definitions.put(transportBeanName(name), transport);
		definitions.put(clientBeanName(name), client);
		return definitions;
	}

	static String transportBeanName(String name) {
		return name + "OpenAIHttpClient";
	}

	static String clientBeanName(String name) {
		return name + "AsyncOpenAI";
	}

	private static RootBeanDefinition definition(String name, String factoryMethod) {
		RootBeanDefinition definition = new RootBeanDefinition(OpenAINamedClients.class);
		definition.setFactoryMethodName(factoryMethod);
		definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		definition.setDestroyMethodName("close");
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		return definition;
	}

	static OpenAIHttpClient transport(String name, Environment environment, ResourceLoader resourceLoader,
			ListableBeanFactory beanFactory) {
		return new OpenAIHttpClientFactory(resourceLoader, beanFactory.getBeanProvider(SslBundles.class).getIfAvailable(),
				prefix(name) + ".http.", "openai-" + name)
			.create(properties(name, environment).getHttp(), (builder) -> {
				builder.webClientBuilder(beanFactory.getBeanProvider(WebClient.Builder.class).getIfAvailable());
				builder.poolMetrics(OpenAIAutoConfiguration.hasMeterRegistry(beanFactory, resourceLoader.getClassLoader()));
				ClientCustomizers.of(beanFactory, OpenAIHttpClientCustomizer.class, name)
					.forEach((customizer) -> builder.httpClientCustomizer(customizer::customize));
			});
	}

	static AsyncOpenAI client(String name, Environment environment, ResourceLoader resourceLoader,
			ListableBeanFactory beanFactory) {
		OpenAIHttpClient transport = beanFactory.getBean(transportBeanName(name), OpenAIHttpClient.class);
		return OpenAIClientFactory.create(prefix(name) + ".", properties(name, environment), transport, Map.of(),
				() -> EntraIdTokens.of(beanFactory, name, resourceLoader.getClassLoader()), (builder) -> {
					OpenAIClientFactory.observe(builder, beanFactory);
					ClientCustomizers.of(beanFactory, AsyncOpenAIBuilderCustomizer.class, name)
						.forEach((customizer) -> customizer.customize(builder));
				});
	}

	/** The properties of one client: {@code openai.*}, then {@code openai.clients.<name>.*} over them. */
	private static OpenAIProperties properties(String name, Environment environment) {
		OpenAIProperties properties = new OpenAIProperties();
		Binder binder = Binder.get(environment);
		binder.bind("openai", Bindable.ofInstance(properties));
		binder.bind(prefix(name), Bindable.ofInstance(properties));
		return properties;
	}

	private static String prefix(String name) {
		return CLIENTS + "." + name;
	}

	/**
	 * Lets a native image make the clients of names that were not there when it was built,
	 * which Spring creates by reflection on the factory methods.
	 */
	static final class Hints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
			hints.reflection().registerType(OpenAINamedClients.class, MemberCategory.INVOKE_DECLARED_METHODS);
		}

	}

}
