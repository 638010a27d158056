package io.asyncopenai.test;

import java.net.ConnectException;
import java.net.Socket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MockOpenAIServerInitializerTests {

	@Test
	void pointsTheOpenAIPropertiesAtAServerThatClosesWithTheContext() {
		int port;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("user", Map.of("openai.base-url", "https://api.openai.com/v1")));
			new MockOpenAIServerInitializer().initialize(context);
			context.refresh();
			MockOpenAIServer server = context.getBean(MockOpenAIServerInitializer.BEAN_NAME, MockOpenAIServer.class);
			assertThat(context.getEnvironment().getProperty("openai.base-url")).isEqualTo(server.baseUrl());
			assertThat(context.getEnvironment().getProperty("openai.api-key")).isEqualTo(MockOpenAIServer.API_KEY);
			assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
			port = server.port();
		}
		int closedPort = port;
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", closedPort).close());
	}

}
