package io.asyncopenai;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.services.realtime.RealtimeConnection;
import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;

class TlsTests {

	private static MockOpenAIServer https;

	@BeforeAll
	static void startHttpsServer() {
		https = MockOpenAIServer.builder().https(true).http2(true).start();
	}

	@AfterAll
	static void stopHttpsServer() {
		https.close();
	}

	@Test
	void selfSignedServerIsRejectedWhenVerifying() {
		try (TestClient client = TestClient.of(https, (transport) -> transport, (builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
					.hasMessageContaining("TLS"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void verifyFalseAcceptsAnyCertificate() {
		try (TestClient client = TestClient.of(https, (transport) -> transport.verify(false))) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
		}
	}

	@Test
	void trustedCertificatesAcceptTheServer() {
		try (TestClient client = TestClient.of(https,
				(transport) -> transport.trustedCertificates(MockOpenAIServer.certificatePem()))) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
		}
		assertThat(https.lastRequest().protocol()).isEqualTo("HTTP/1.1");
	}

	@Test
	void aWebSocketToASelfSignedServerIsRejectedWhenVerifying() {
		try (TestClient client = TestClient.of(https)) {
			StepVerifier.create(client.openai().realtime().connect("gpt-realtime"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
					.hasMessageContaining("TLS"))
				.verify(TestClient.TIMEOUT);
		}
	}

	@Test
	void aWebSocketTrustsTheConfiguredCertificatesOverHttp11EvenWithHttp2On() {
		try (TestClient client = TestClient.of(https,
				(transport) -> transport.trustedCertificates(MockOpenAIServer.certificatePem()).http2(true))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(TestClient.TIMEOUT);
			assertThat(connection.events().blockFirst(TestClient.TIMEOUT))
				.isInstanceOf(RealtimeServerEventSessionCreated.class);
		}
		assertThat(https.lastRequest().path()).isEqualTo("/v1/realtime");
		assertThat(https.lastRequest().protocol()).isEqualTo("HTTP/1.1");
	}

	@Test
	void http2IsNegotiatedOverTls() {
		try (TestClient client = TestClient.of(https,
				(transport) -> transport.trustedCertificates(MockOpenAIServer.certificatePem()).http2(true))) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
			assertThat(client.openai().chat().completions()
				.createStreaming(ChatCompletionCreateParams.builder()
					.model("gpt-4o")
					.addUserMessage("over h2")
					.build())
				.count()
				.block(TestClient.TIMEOUT)).isEqualTo(5);
		}
		assertThat(https.lastRequest().protocol()).isEqualTo("HTTP/2.0");
	}

}
