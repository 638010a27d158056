package io.asyncopenai.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client closes with the context only after the web server's graceful shutdown, so a
 * request that is using it when shutdown begins still completes.
 */
class GracefulShutdownTests {

	@Test
	void inFlightRequestOfAShuttingDownAppCompletes() throws Exception {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			server.enqueue(Fault.delayBeforeHeaders(Duration.ofMillis(1500)));
			SpringApplication application = new SpringApplication(ModelApplication.class);
			ConfigurableApplicationContext context = application.run("--server.port=0",
					"--server.shutdown=graceful", "--openai.base-url=" + server.baseUrl(),
					"--openai.api-key=" + MockOpenAIServer.API_KEY, "--openai.http.trust-env=false");
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			OpenAIHttpClient transport = context.getBean(OpenAIHttpClient.class);
			CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/model")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).hasSize(1);
			context.close();
			HttpResponse<String> answered = response.get(10, TimeUnit.SECONDS);
			assertThat(answered.statusCode()).isEqualTo(200);
			assertThat(answered.body()).isEqualTo("gpt-4o");
			assertThat(transport.isClosed()).isTrue();
		}
	}

	@SpringBootApplication
	@RestController
	static class ModelApplication {

		private final AsyncOpenAI openAI;

		ModelApplication(AsyncOpenAI openAI) {
			this.openAI = openAI;
		}

		@GetMapping("/model")
		String model() {
			return this.openAI.models().retrieve("gpt-4o").block(Duration.ofSeconds(10)).id();
		}

	}

}
