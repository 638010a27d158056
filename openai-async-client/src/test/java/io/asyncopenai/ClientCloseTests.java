package io.asyncopenai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the client with requests in flight ends each of them with a clear exception, closes
 * every socket and stops the client's threads.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class ClientCloseTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three")
		.build();

	@Test
	void inFlightCallsEndWithAClearExceptionAndNothingIsLeftBehind(MockOpenAIServer server) throws Exception {
		for (int i = 0; i < 4; i++) {
			server.enqueue("/v1/chat/completions", Fault.stallMidStream(1));
		}
		server.enqueue("/v1/models/gpt-4o", Fault.delayBeforeHeaders(Duration.ofSeconds(30)),
				Fault.delayBeforeHeaders(Duration.ofSeconds(30)));
		TestClient client = TestClient.of(server);
		List<CompletableFuture<?>> calls = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			calls.add(client.openai().chat().completions().createStreaming(CHAT).then().toFuture());
		}
		for (int i = 0; i < 2; i++) {
			calls.add(client.openai().models().retrieve("gpt-4o").toFuture());
		}
		assertThat(server.awaitRequests(6, TestClient.TIMEOUT)).hasSize(6);
		client.close();
		for (CompletableFuture<?> call : calls) {
			assertThat(call).failsWithin(TestClient.TIMEOUT)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(APIConnectionException.class)
				.withMessageContaining("closed");
		}
		assertThat(server.awaitConnections((stats) -> stats.open() == 0, TestClient.TIMEOUT).open()).isZero();
		assertThat(Await.until(() -> clientThreads().isEmpty(), TestClient.TIMEOUT)).as("client threads stopped")
			.isTrue();
		StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APIConnectionException.class)
				.hasMessageContaining("is closed"))
			.verify(TestClient.TIMEOUT);
		assertThat(server.requestCount()).isEqualTo(6);
	}

	private static List<String> clientThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("asyncopenai-http"))
			.toList();
	}

}
