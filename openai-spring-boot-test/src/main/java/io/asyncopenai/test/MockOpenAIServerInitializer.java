package io.asyncopenai.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a {@link MockOpenAIServer} for a Spring application context, points
 * {@code openai.base-url} and {@code openai.api-key} at it (ahead of every other property
 * source), registers it as the bean {@value #BEAN_NAME}, and closes it with the context.
 *
 * <p>Use it with {@code @ContextConfiguration(initializers = MockOpenAIServerInitializer.class)},
 * {@code ApplicationContextRunner.withInitializer(new MockOpenAIServerInitializer())} or
 * {@code SpringApplication.addInitializers(...)} in a development-time main.
 */
public final class MockOpenAIServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The name of the server's bean. */
	public static final String BEAN_NAME = "mockOpenAIServer";

	/** The name of the property source that points the client at the server. */
	public static final String PROPERTY_SOURCE_NAME = "mockOpenAIServer";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		MockOpenAIServer server = MockOpenAIServer.start();
		Map<String, Object> properties = new LinkedHashMap<>(server.springProperties());
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		context.getBeanFactory().registerSingleton(BEAN_NAME, server);
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
			if (event.getApplicationContext() == context) {
				server.close();
			}
		});
	}

}
