package io.asyncopenai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts separated by idle gaps, against a server that closes idle connections on its own
 * (as load balancers in front of the API do): a stale pooled connection is evicted or the
 * request retried, never a failure of the caller, and after each burst the open connections
 * fall back to at most max-keepalive-connections.
 */
class SoakTests {

	private static final int MAX_KEEPALIVE = 5;

	@Test
	void idleGapsAndServerSideIdleClosesNeverFailACaller() {
		List<Duration> gaps = List.of(Duration.ofMillis(450), Duration.ofMillis(1300), Duration.ofMillis(450),
				Duration.ofMillis(1300));
		try (MockOpenAIServer server = MockOpenAIServer.builder().idleTimeout(Duration.ofMillis(300)).start();
				TestClient client = TestClient.of(server,
						(transport) -> transport.maxConnections(20).maxKeepAliveConnections(MAX_KEEPALIVE)
							.keepAliveExpiry(Duration.ofSeconds(1)))) {
			for (Duration gap : gaps) {
				List<String> answers = Flux.range(0, 60)
					.flatMap((i) -> answer(client.openai(), i), 20)
					.collectList()
					.block(TestClient.TIMEOUT);
				assertThat(answers).hasSize(60).allMatch((answer) -> answer.startsWith("Echo: burst request"));
				assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT)).isTrue();
				assertThat(Await.until(() -> server.connections().open() <= MAX_KEEPALIVE, TestClient.TIMEOUT))
					.as("open connections after the burst").isTrue();
				// The idle gap is the scenario: longer than the server's idle timeout, and
				// every other time longer than the client's keep-alive expiry too.
				Mono.delay(gap).block();
			}
		}
	}

	private static Mono<String> answer(AsyncOpenAI client, int i) {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4o")
			.addUserMessage("burst request " + i)
			.build();
		if (i % 3 == 0) {
			return client.chat()
				.completions()
				.createStreaming(params)
				.flatMapIterable((chunk) -> chunk.choices())
				.mapNotNull((choice) -> choice.delta().content())
				.collect(StringBuilder::new, StringBuilder::append)
				.map(StringBuilder::toString);
		}
		return client.chat().completions().create(params).map((completion) -> completion.choices().get(0).message().content());
	}

}
