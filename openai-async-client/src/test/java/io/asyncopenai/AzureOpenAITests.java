package io.asyncopenai;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.AzureOptions;
import io.asyncopenai.core.BearerToken;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;
import io.asyncopenai.models.audio.transcriptions.TranscriptionCreateParams;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.models.responses.ResponseCompletedEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponsesServerEvent;
import io.asyncopenai.services.realtime.RealtimeConnection;
import io.asyncopenai.services.responses.ResponsesConnection;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.MockWebSocket;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Azure OpenAI on the wire: the {@code api-key} header, the {@code api-version} query
 * parameter, the v1 and the deployment paths, and Microsoft Entra ID tokens from a supplier.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class AzureOpenAITests {

	private static final String KEY = "azure-key-0123456789abcdef";

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o-prod")
		.addUserMessage("Hello")
		.build();

	@Test
	void theV1ApiSendsTheKeyInItsOwnHeaderBelowOpenAIV1(MockOpenAIServer server) {
		try (Client client = Client.of(server, (azure) -> azure, (builder) -> builder.apiKey(KEY))) {
			ChatCompletion completion = client.openai.chat().completions().create(CHAT).block(TestClient.TIMEOUT);
			assertThat(completion.choices()).isNotEmpty();
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.path()).isEqualTo("/openai/v1/chat/completions");
		assertThat(request.query()).isEmpty();
		assertThat(request.header("api-key")).isEqualTo(KEY);
		assertThat(request.header("authorization")).isNull();
	}

	@Test
	void theV1ApiSendsAnApiVersionWhenOneIsSet(MockOpenAIServer server) {
		try (Client client = Client.of(server, (azure) -> azure.apiVersion("preview"),
				(builder) -> builder.apiKey(KEY))) {
			client.openai.models().list().collectList().block(TestClient.TIMEOUT);
		}
		assertThat(server.lastRequest().path()).isEqualTo("/openai/v1/models");
		assertThat(server.lastRequest().queryParameters()).containsEntry("api-version", List.of("preview"));
	}

	@Test
	void deploymentPathsAreNamedAfterTheRequestedModelWithTheApiVersion(MockOpenAIServer server) {
		TranscriptionCreateParams transcription = TranscriptionCreateParams.builder()
			.file(UploadFile.of(new byte[] { 'R', 'I', 'F', 'F' }, "hello.wav"))
			.model("whisper-eu")
			.build();
		try (Client client = Client.of(server,
				(azure) -> azure.pathStyle(AzureOptions.PathStyle.DEPLOYMENTS).apiVersion("2024-10-21"),
				(builder) -> builder.apiKey(KEY))) {
			client.openai.chat().completions().create(CHAT).block(TestClient.TIMEOUT);
			client.openai.chat().completions().createStreaming(CHAT).collectList().block(TestClient.TIMEOUT);
			client.openai.embeddings()
				.create(EmbeddingCreateParams.builder().model("embed-small").input(List.of("apple")).build())
				.block(TestClient.TIMEOUT);
			client.openai.audio().transcriptions().create(transcription).block(TestClient.TIMEOUT);
			client.openai.models().list().collectList().block(TestClient.TIMEOUT);
		}
		List<RecordedRequest> requests = server.requests();
		assertThat(requests).extracting(RecordedRequest::path)
			.containsExactly("/openai/deployments/gpt-4o-prod/chat/completions",
					"/openai/deployments/gpt-4o-prod/chat/completions", "/openai/deployments/embed-small/embeddings",
					"/openai/deployments/whisper-eu/audio/transcriptions", "/openai/models");
		assertThat(requests).allSatisfy((request) -> {
			assertThat(request.queryParameters()).containsEntry("api-version", List.of("2024-10-21"));
			assertThat(request.header("api-key")).isEqualTo(KEY);
		});
	}

	@Test
	void aConfiguredDeploymentTakesEveryDeploymentScopedRequest(MockOpenAIServer server) {
		try (Client client = Client.of(server, (azure) -> azure.pathStyle(AzureOptions.PathStyle.DEPLOYMENTS)
			.apiVersion("2024-10-21")
			.deployment("chat-eu"), (builder) -> builder.apiKey(KEY))) {
			client.openai.chat().completions().create(CHAT).block(TestClient.TIMEOUT);
		}
		assertThat(server.lastRequest().path()).isEqualTo("/openai/deployments/chat-eu/chat/completions");
	}

	@Test
	void aDeploymentPathWithoutItsApiVersionIsRefusedByTheServer(MockOpenAIServer server) {
		try (Client client = Client.of(server,
				(azure) -> azure.pathStyle(AzureOptions.PathStyle.DEPLOYMENTS).apiVersion("2024-10-21"),
				(builder) -> builder.apiKey(KEY))) {
			assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> client.openai
				.withOptions((options) -> options.queryParameter("api-version", ""))
				.chat()
				.completions()
				.create(CHAT)
				.block(TestClient.TIMEOUT));
		}
	}

	@Test
	void realtimeSessionsOpenBelowOpenAIV1WithTheKeyInItsHeader(MockOpenAIServer server) throws Exception {
		try (Client client = Client.of(server, (azure) -> azure, (builder) -> builder.apiKey(KEY))) {
			RealtimeConnection connection = client.openai.realtime().connect("realtime-eu").block(TestClient.TIMEOUT);
			assertThat(connection.events().blockFirst(TestClient.TIMEOUT))
				.isInstanceOf(RealtimeServerEventSessionCreated.class);
			connection.close();
		}
		RecordedRequest handshake = server.awaitWebSockets(1, TestClient.TIMEOUT).get(0).request();
		assertThat(handshake.path()).isEqualTo("/openai/v1/realtime");
		assertThat(handshake.query()).isEqualTo("model=realtime-eu");
		assertThat(handshake.header("api-key")).isEqualTo(KEY);
		assertThat(handshake.header("authorization")).isNull();
	}

	@Test
	void realtimeSessionsOfTheDeploymentPathsNameTheirDeploymentAndApiVersion(MockOpenAIServer server)
			throws Exception {
		try (Client requested = Client.of(server,
				(azure) -> azure.pathStyle(AzureOptions.PathStyle.DEPLOYMENTS).apiVersion("2025-04-01-preview"),
				(builder) -> builder.apiKey(KEY));
				Client configured = Client.of(server, (azure) -> azure.pathStyle(AzureOptions.PathStyle.DEPLOYMENTS)
					.apiVersion("2025-04-01-preview")
					.deployment("realtime-prod"), (builder) -> builder.apiKey(KEY))) {
			for (Client client : List.of(requested, configured)) {
				RealtimeConnection connection = client.openai.realtime()
					.connect("realtime-eu")
					.block(TestClient.TIMEOUT);
				assertThat(connection.events().blockFirst(TestClient.TIMEOUT))
					.isInstanceOf(RealtimeServerEventSessionCreated.class);
				connection.close();
			}
		}
		List<MockWebSocket> sockets = server.awaitWebSockets(2, TestClient.TIMEOUT);
		assertThat(sockets).extracting((socket) -> socket.request().path())
			.containsExactly("/openai/realtime", "/openai/realtime");
		assertThat(sockets).extracting((socket) -> socket.request().queryParameters().get("deployment"))
			.containsExactly(List.of("realtime-eu"), List.of("realtime-prod"));
		assertThat(sockets).allSatisfy((socket) -> {
			assertThat(socket.request().queryParameters()).containsEntry("api-version", List.of("2025-04-01-preview"))
				.containsEntry("model", List.of("realtime-eu"));
			assertThat(socket.request().header("api-key")).isEqualTo(KEY);
		});
	}

	@Test
	void theResponsesWebSocketAnswersBelowOpenAIV1(MockOpenAIServer server) throws Exception {
		try (Client client = Client.of(server, (azure) -> azure, (builder) -> builder.apiKey(KEY))) {
			ResponsesConnection connection = client.openai.responses().connect().block(TestClient.TIMEOUT);
			Mono<ResponsesServerEvent> completed = connection.events()
				.filter(ResponseCompletedEvent.class::isInstance)
				.next();
			connection.create(ResponseCreateParams.builder().model("gpt-4o-prod").input("Hello").build())
				.block(TestClient.TIMEOUT);
			assertThat(((ResponseCompletedEvent) completed.block(TestClient.TIMEOUT)).response().outputText())
				.isEqualTo("Echo: Hello");
			connection.close();
		}
		RecordedRequest handshake = server.awaitWebSockets(1, TestClient.TIMEOUT).get(0).request();
		assertThat(handshake.path()).isEqualTo("/openai/v1/responses");
		assertThat(handshake.header("api-key")).isEqualTo(KEY);
	}

	@Test
	void anEntraIdTokenIsFetchedOnceForAHundredConcurrentCallsAndSentAsBearer(MockOpenAIServer server) {
		AtomicInteger fetches = new AtomicInteger();
		String jwt = jwt(Instant.now().plus(Duration.ofHours(1)));
		try (Client client = Client.of(server, (azure) -> azure, (builder) -> builder.bearerTokenSupplier(
				() -> Mono.delay(Duration.ofMillis(200)).map((tick) -> {
					fetches.incrementAndGet();
					return BearerToken.of(jwt);
				})))) {
			List<ChatCompletion> completions = Flux.range(0, 100)
				.flatMap((i) -> client.openai.chat().completions().create(CHAT), 100)
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(completions).hasSize(100);
			client.openai.chat().completions().create(CHAT).block(TestClient.TIMEOUT);
		}
		assertThat(fetches).hasValue(1);
		assertThat(server.requests()).hasSize(101).allSatisfy((request) -> {
			assertThat(request.header("authorization")).isEqualTo("Bearer " + jwt);
			assertThat(request.header("api-key")).isNull();
		});
	}

	@Test
	void aTokenSupplierAuthorizesWebSocketHandshakesToo(MockOpenAIServer server) {
		OpenAIHttpClient transport = OpenAIHttpClient.builder().trustEnv(false).build();
		try (AsyncOpenAI openai = AsyncOpenAI.builder()
			.environment(Map.of())
			.baseUrl(server.baseUrl())
			.bearerTokenSupplier(() -> Mono.just(BearerToken.of("gateway-token")))
			.httpClient(transport)
			.build()) {
			RealtimeConnection connection = openai.realtime().connect("gpt-realtime").block(TestClient.TIMEOUT);
			connection.close();
		}
		finally {
			transport.close();
		}
		assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer gateway-token");
	}

	@Test
	void anAzureClientNeedsAKeyOrATokenAndNoBaseUrl(MockOpenAIServer server) {
		AzureOptions azure = AzureOptions.builder().endpoint(endpoint(server)).build();
		assertThatExceptionOfType(OpenAIException.class)
			.isThrownBy(() -> AsyncOpenAI.builder().environment(Map.of()).azure(azure).build())
			.withMessageContaining("AZURE_OPENAI_API_KEY")
			.withMessageContaining("openai.api-key");
		assertThatIllegalArgumentException().isThrownBy(
				() -> AsyncOpenAI.builder().environment(Map.of()).apiKey(KEY).baseUrl(server.baseUrl()).azure(azure).build())
			.withMessageContaining("baseUrl is not used with Azure OpenAI");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AzureOptions.builder().endpoint(endpoint(server)).pathStyle(AzureOptions.PathStyle.DEPLOYMENTS).build())
			.withMessageContaining("apiVersion must be set");
	}

	@Test
	void theKeyAndTheTokenStayOutOfToString(MockOpenAIServer server) {
		try (Client client = Client.of(server, (azure) -> azure, (builder) -> builder.apiKey(KEY))) {
			assertThat(client.openai.toString()).doesNotContain(KEY).contains("azure=AzureOptions{endpoint=");
		}
		assertThat(BearerToken.of("secret-token-value")).hasToString("BearerToken{value=[redacted], expiresAt=null}");
	}

	private static String endpoint(MockOpenAIServer server) {
		return server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
	}

	static String jwt(Instant expiresAt) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = encoder.encodeToString(("{\"aud\":\"https://cognitiveservices.azure.com\",\"exp\":"
				+ expiresAt.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
		return header + "." + claims + ".c2lnbmF0dXJl";
	}

	/** An Azure client of the mock with a transport of its own; closing it closes both. */
	private record Client(AsyncOpenAI openai, OpenAIHttpClient transport) implements AutoCloseable {

		static Client of(MockOpenAIServer server, UnaryOperator<AzureOptions.Builder> azure,
				UnaryOperator<AsyncOpenAI.Builder> client) {
			OpenAIHttpClient transport = OpenAIHttpClient.builder().trustEnv(false).build();
			AsyncOpenAI.Builder builder = AsyncOpenAI.builder()
				.environment(Map.of())
				.azure(azure.apply(AzureOptions.builder().endpoint(endpoint(server))).build())
				.httpClient(transport);
			return new Client(client.apply(builder).build(), transport);
		}

		@Override
		public void close() {
			this.openai.close();
			this.transport.close();
		}

	}

}
