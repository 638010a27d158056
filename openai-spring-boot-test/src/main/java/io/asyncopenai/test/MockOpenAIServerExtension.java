package io.asyncopenai.test;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that starts one {@link MockOpenAIServer} per test class, resets its
 * faults and journal before each test, and closes it after the class.
 *
 * <p>Inject the server as a parameter of a test, lifecycle method or constructor:
 * <pre>{@code
 * @ExtendWith(MockOpenAIServerExtension.class)
 * class ChatTests {
 *     @Test
 *     void echoes(MockOpenAIServer server) { ... }
 * }
 * }</pre>
 * or register it on a static field and call {@link #server()}:
 * <pre>{@code
 * @RegisterExtension
 * static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();
 * }</pre>
 */
public final class MockOpenAIServerExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(MockOpenAIServerExtension.class);

	private volatile @Nullable MockOpenAIServer server;

	/**
	 * The server of the running test class.
	 * @return the server
	 * @throws IllegalStateException outside a test class's lifecycle
	 */
	public MockOpenAIServer server() {
		MockOpenAIServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("The MockOpenAIServer starts before the test class's @BeforeAll methods");
		}
		return current;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = context.getStore(NAMESPACE)
			.computeIfAbsent(MockOpenAIServer.class, (key) -> MockOpenAIServer.start(), MockOpenAIServer.class);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		server().reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		MockOpenAIServer started = context.getStore(NAMESPACE).remove(MockOpenAIServer.class, MockOpenAIServer.class);
		if (started != null) {
			started.close();
		}
		// A @Nested class shares its enclosing class's server, which stays in the parent store.
		this.server = context.getStore(NAMESPACE).get(MockOpenAIServer.class, MockOpenAIServer.class);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == MockOpenAIServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return server();
	}

}
