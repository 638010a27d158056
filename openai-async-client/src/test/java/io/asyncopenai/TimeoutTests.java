package io.asyncopenai;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.StalledListener;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class TimeoutTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two three four")
		.build();

	@Test
	void responseSlowerThanTheReadTimeoutIsATimeout(MockOpenAIServer server) {
		server.enqueue(Fault.delayBeforeHeaders(Duration.ofSeconds(2)));
		try (TestClient client = TestClient.of(server, (transport) -> transport.readTimeout(Duration.ofMillis(300)),
				(builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
					.hasMessageContaining("Read timed out"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void readTimeoutIsTheGapBetweenReadsSoAFlowingStreamOutlivesIt(MockOpenAIServer server) {
		server.enqueue(Fault.delayBetweenEvents(Duration.ofMillis(150)));
		try (TestClient client = TestClient.of(server, (transport) -> transport.readTimeout(Duration.ofMillis(500)),
				(builder) -> builder.maxRetries(0))) {
			long started = System.nanoTime();
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectNextCount(7)
				.expectComplete()
				.verify(TestClient.TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(500));
		}
	}

	@Test
	void streamThatStopsSendingIsATimeout(MockOpenAIServer server) {
		server.enqueue(Fault.stallMidStream(2));
		try (TestClient client = TestClient.of(server, (transport) -> transport.readTimeout(Duration.ofMillis(300)))) {
			StepVerifier.create(client.openai().chat().completions().createStreaming(CHAT))
				.expectNextCount(2)
				.expectError(APITimeoutException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void timeoutPerRequestOverridesTheTransport(MockOpenAIServer server) {
		server.enqueue(Fault.delayBeforeHeaders(Duration.ofSeconds(2)));
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier
				.create(client.openai()
					.models()
					.retrieve("gpt-4o", RequestOptions.builder().timeout(Duration.ofMillis(200)).build()))
				.expectError(APITimeoutException.class)
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void waitingForAPooledConnectionPastThePoolTimeoutIsATimeout(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.stallMidStream(1));
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.maxConnections(1).maxKeepAliveConnections(1).poolTimeout(Duration.ofMillis(300)),
				(builder) -> builder.maxRetries(0))) {
			Disposable stalled = client.openai().chat().completions().createStreaming(CHAT).subscribe();
			server.awaitRequests(1, TestClient.TIMEOUT);
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
					.hasMessageContaining("pooled connection"))
				.verify(TestClient.TIMEOUT);
			stalled.dispose();
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void connectSlowerThanTheConnectTimeoutIsATimeout() throws IOException {
		try (StalledListener listener = StalledListener.start();
				TestClient client = TestClient.of(listener.baseUrl(),
						(transport) -> transport.connectTimeout(Duration.ofMillis(300)), (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
					.hasMessageContaining("Connect timed out"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void refusedConnectionIsAConnectionErrorNotATimeout() throws IOException {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		try (TestClient client = TestClient.of("http://127.0.0.1:" + port + "/v1", (transport) -> transport,
				(builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
					.hasMessageContaining("Connection failed"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void connectionResetBeforeTheResponseIsAConnectionErrorNotATimeout(MockOpenAIServer server) {
		server.enqueue(Fault.closeBeforeResponse());
		try (TestClient client = TestClient.of(server, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void requestThatCannotBeWrittenInTimeIsATimeout() throws IOException {
		// A listener that accepts but never reads: once the socket buffers are full, the write
		// of a large body stalls.
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			List<Socket> accepted = new ArrayList<>();
			Thread acceptor = new Thread(() -> {
				try {
					while (!listener.isClosed()) {
						Socket socket = listener.accept();
						socket.setReceiveBufferSize(4096);
						accepted.add(socket);
					}
				}
				catch (IOException closed) {
					// The test is over.
				}
			}, "never-reads");
			acceptor.setDaemon(true);
			acceptor.start();
			try (TestClient client = TestClient.of(urlOf(listener),
					(transport) -> transport.writeTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofSeconds(30)),
					(builder) -> builder.maxRetries(0))) {
				ChatCompletionCreateParams huge = ChatCompletionCreateParams.builder()
					.model("gpt-4o")
					.addUserMessage("x".repeat(32 * 1024 * 1024))
					.build();
				StepVerifier.create(client.openai().chat().completions().create(huge))
					.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
						.hasMessageContaining("Write timed out"))
					.verify(TestClient.TIMEOUT);
			}
			finally {
				for (Socket socket : new ArrayList<>(accepted)) {
					socket.close();
				}
			}
		}
	}

	private static String urlOf(ServerSocket listener) {
		return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
	}

}
