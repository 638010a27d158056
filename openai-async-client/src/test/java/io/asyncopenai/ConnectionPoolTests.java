package io.asyncopenai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.ConnectionStats;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ConnectionPoolTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three four five six")
		.build();

	@Test
	void neverOpensMoreThanMaxConnections(MockOpenAIServer server) throws Exception {
		for (int i = 0; i < 40; i++) {
			server.enqueue("/v1/models/gpt-4o", Fault.delayBeforeHeaders(Duration.ofMillis(50)));
		}
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.maxConnections(4).maxKeepAliveConnections(4))) {
			List<Model> models = Flux.range(0, 40)
				.flatMap((i) -> client.openai().models().retrieve("gpt-4o"), 40)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(models).hasSize(40);
		}
		ConnectionStats stats = server.connections();
		assertThat(stats.peakOpen()).isEqualTo(4);
		assertThat(stats.opened()).isEqualTo(4);
	}

	@Test
	void keepsAtMostMaxKeepAliveConnectionsIdleAfterABurst(MockOpenAIServer server) throws Exception {
		for (int i = 0; i < 10; i++) {
			server.enqueue("/v1/models/gpt-4o", Fault.delayBeforeHeaders(Duration.ofMillis(100)));
		}
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.maxConnections(10).maxKeepAliveConnections(3)
					.keepAliveExpiry(Duration.ofSeconds(30)))) {
			Flux.range(0, 10)
				.flatMap((i) -> client.openai().models().retrieve("gpt-4o"), 10)
				.blockLast(TestClient.TIMEOUT);
			assertThat(server.connections().peakOpen()).isEqualTo(10);
			ConnectionStats after = server.awaitConnections((stats) -> stats.open() <= 3, TestClient.TIMEOUT);
			assertThat(after.open()).isEqualTo(3);
			assertThat(Await.until(() -> client.transport().idleConnections() == 3, TestClient.TIMEOUT)).isTrue();
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(server.connections().opened()).isEqualTo(10);
		}
	}

	@Test
	void closesIdleConnectionsAfterTheKeepAliveExpiry(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.keepAliveExpiry(Duration.ofMillis(300)))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(server.connections().open()).isOne();
			assertThat(server.awaitConnections((stats) -> stats.open() == 0, TestClient.TIMEOUT).open()).isZero();
		}
	}

	@Test
	void reusesAKeptConnectionAfterAResponseAndAStream(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			// The pool takes a connection back just after the caller sees the end of its
			// response, so each call waits for that before the next one.
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(Await.until(() -> client.transport().idleConnections() == 1, TestClient.TIMEOUT)).isTrue();
			client.openai().chat().completions().createStreaming(CHAT).blockLast(TestClient.TIMEOUT);
			assertThat(Await.until(() -> client.transport().idleConnections() == 1, TestClient.TIMEOUT)).isTrue();
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).extracting((request) -> request.connectionId()).containsOnly(
				server.requests().get(0).connectionId());
	}

	@Test
	void cancelledStreamsGiveTheirConnectionBackSoAPoolOfTwoServesTenOfThem(MockOpenAIServer server)
			throws Exception {
		for (int i = 0; i < 10; i++) {
			server.enqueue("/v1/chat/completions", Fault.delayBetweenEvents(Duration.ofMillis(200)));
		}
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.maxConnections(2).maxKeepAliveConnections(2)
					.poolTimeout(Duration.ofSeconds(5)))) {
			for (int i = 0; i < 10; i++) {
				StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT).take(1))
					.expectNextCount(1)
					.expectComplete()
					.verify(TestClient.TIMEOUT);
			}
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
		assertThat(server.requests()).hasSize(11);
		for (int i = 0; i < 10; i++) {
			assertThat(server.requests().get(i).awaitOutcome(TestClient.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
		}
		assertThat(server.connections().peakOpen()).isLessThanOrEqualTo(2);
	}

	@Test
	void closingTheClientClosesItsConnections(MockOpenAIServer server) throws Exception {
		TestClient client = TestClient.of(server);
		client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
		assertThat(server.connections().open()).isOne();
		client.close();
		assertThat(server.awaitConnections((stats) -> stats.open() == 0, TestClient.TIMEOUT).open()).isZero();
		assertThat(client.transport().isClosed()).isTrue();
	}

}
