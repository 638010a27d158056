package io.asyncopenai;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.test.MockOpenAIServer;

/**
 * A client pointed at a {@link MockOpenAIServer} with a transport of its own; closing it
 * closes both.
 *
 * @param openai the client
 * @param transport its transport
 */
record TestClient(AsyncOpenAI openai, OpenAIHttpClient transport) implements AutoCloseable {

	static final String API_KEY = "sk-test-client-0123456789";

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static TestClient of(MockOpenAIServer server) {
		return of(server, UnaryOperator.identity(), UnaryOperator.identity());
	}

	static TestClient of(MockOpenAIServer server, UnaryOperator<OpenAIHttpClient.Builder> transport) {
		return of(server, transport, UnaryOperator.identity());
	}

	static TestClient of(MockOpenAIServer server, UnaryOperator<OpenAIHttpClient.Builder> transport,
			UnaryOperator<AsyncOpenAI.Builder> client) {
		return of(server.baseUrl(), transport, client);
	}

	static TestClient of(String baseUrl, UnaryOperator<OpenAIHttpClient.Builder> transport,
			UnaryOperator<AsyncOpenAI.Builder> client) {
		OpenAIHttpClient httpClient = transport.apply(OpenAIHttpClient.builder().trustEnv(false)).build();
		AsyncOpenAI.Builder builder = AsyncOpenAI.builder()
			.environment(Map.of())
			.apiKey(API_KEY)
			.baseUrl(baseUrl)
			.httpClient(httpClient);
		return new TestClient(client.apply(builder).build(), httpClient);
	}

	@Override
	public void close() {
		this.openai.close();
		this.transport.close();
	}

}
