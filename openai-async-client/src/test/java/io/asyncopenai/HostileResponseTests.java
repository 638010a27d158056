package io.asyncopenai;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.InternalServerException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized or hostile responses end with a clear exception within the transport's limits
 * instead of exhausting memory, and leave the pool drained.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class HostileResponseTests {

	private static final String MEBIBYTE = "x".repeat(1024 * 1024);

	@Test
	void hundredMegabyteErrorBodyKeepsItsStatusAndOnlyTheStartOfTheBody(MockOpenAIServer server) {
		server.enqueue(Fault.status(500).header("content-type", "text/plain").body(MEBIBYTE).repeat(100));
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o")).expectErrorSatisfies((error) -> {
				assertThat(error).isExactlyInstanceOf(InternalServerException.class);
				InternalServerException exception = (InternalServerException) error;
				assertThat(exception.statusCode()).isEqualTo(500);
				assertThat(exception.body()).hasSize(OpenAIHttpClient.MAX_ERROR_BODY_SIZE);
				assertThat(exception.getMessage()).contains("body truncated at " + OpenAIHttpClient.MAX_ERROR_BODY_SIZE)
					.hasSizeLessThan(2000);
			}).verify(TestClient.TIMEOUT);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT)).isTrue();
		}
	}

	@Test
	void bodyLargerThanTheLimitFailsInsteadOfBeingBuffered(MockOpenAIServer server) {
		server.enqueue(Fault.status(200).header("content-type", "application/json").body(MEBIBYTE).repeat(5));
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.maxResponseSize(2 * 1024 * 1024), (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIException.class)
					.hasMessageContaining("larger than 2097152 bytes"))
				.verify(TestClient.TIMEOUT);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT)).isTrue();
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
	}

	@Test
	void tenMegabyteSseLineWithoutNewlineFailsTheStream(MockOpenAIServer server) {
		server.enqueue(Fault.status(200).header("content-type", "text/event-stream").body("data: " + MEBIBYTE).repeat(10));
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier
				.create(client.openai().postStreaming("/chat/completions", Map.of("model", "gpt-4o"), RequestOptions.none()))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIException.class)
					.hasMessageContaining("longer than " + OpenAIHttpClient.DEFAULT_MAX_SSE_LINE_SIZE))
				.verify(TestClient.TIMEOUT);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT)).isTrue();
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
	}

	@Test
	void tenThousandHeadersFailTheCall(MockOpenAIServer server) {
		Fault.Respond response = Fault.status(200).header("content-type", "application/json").body("{}");
		for (int i = 0; i < 10_000; i++) {
			response = response.header("x-hostile-" + i, "value-" + i);
		}
		server.enqueue(response);
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APIConnectionException.class)
					.hasMessageContaining("headers are too large"))
				.verify(TestClient.TIMEOUT);
			assertThat(Await.until(() -> client.transport().leasedConnections() == 0, TestClient.TIMEOUT)).isTrue();
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT)).isNotNull();
		}
	}

}
