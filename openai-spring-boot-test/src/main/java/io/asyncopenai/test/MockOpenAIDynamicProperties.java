package io.asyncopenai.test;

import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Registers the properties that point an AsyncOpenAI client at a {@link MockOpenAIServer}
 * from a {@code @DynamicPropertySource} method:
 * <pre>{@code
 * @RegisterExtension
 * static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();
 *
 * @DynamicPropertySource
 * static void openAI(DynamicPropertyRegistry registry) {
 *     MockOpenAIDynamicProperties.register(registry, mock::server);
 * }
 * }</pre>
 */
public final class MockOpenAIDynamicProperties {

	private MockOpenAIDynamicProperties() {
	}

	/**
	 * Registers {@code openai.base-url} and {@code openai.api-key}, resolved when the context
	 * reads them.
	 * @param registry the registry of the test context
	 * @param server supplies the server, for example {@code extension::server}
	 */
	public static void register(DynamicPropertyRegistry registry,
			Supplier<MockOpenAIServer> server) {
		registry.add("openai.base-url", () -> server.get().baseUrl());
		registry.add("openai.api-key", () -> MockOpenAIServer.API_KEY);
	}

}
