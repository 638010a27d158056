package io.asyncopenai.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MockOpenAIServerTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@Test
	void baseUrlIsLoopbackWithTheV1Prefix() {
		MockOpenAIServer server = mock.server();
		assertThat(server.port()).isPositive();
		assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
		assertThat(server.springProperties()).containsEntry("openai.base-url", server.baseUrl())
			.containsEntry("openai.api-key", MockOpenAIServer.API_KEY);
	}

	@Test
	void startsOnAGivenPortAndStopsListeningWhenClosed() throws IOException {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		try (MockOpenAIServer server = MockOpenAIServer.start(port)) {
			assertThat(server.port()).isEqualTo(port);
			assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
		}
		int closedPort = port;
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", closedPort).close());
	}

	@Test
	void closeClosesOpenConnections() throws Exception {
		MockOpenAIServer server = MockOpenAIServer.start();
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			assertThat(server.awaitConnections((stats) -> stats.open() == 1, Http.TIMEOUT).open()).isOne();
			socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
			server.close();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		server.close();
	}

	@Test
	void requestWithoutApiKeyGetsTheApiUnauthorizedError() {
		MockOpenAIServer server = mock.server();
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
			.timeout(Http.TIMEOUT)
			.build());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode error = Http.json(response).get("error");
		assertThat(error.get("message").asString()).startsWith("You didn't provide an API key");
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("param").isNull()).isTrue();
		assertThat(error.get("code").isNull()).isTrue();
	}

	@Test
	void rejectedApiKeyGetsInvalidApiKeyWithTheKeyMasked() {
		MockOpenAIServer server = mock.server();
		server.rejectApiKey(Http.KEY);
		HttpResponse<String> response = Http.get(server, "/v1/models");
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode error = Http.json(response).get("error");
		assertThat(error.get("code").asString()).isEqualTo("invalid_api_key");
		assertThat(error.get("message").asString()).startsWith("Incorrect API key provided: sk-")
			.endsWith("cdef.")
			.doesNotContain(Http.KEY);
	}

	@Test
	void everyResponseCarriesADistinctRequestIdThatTheJournalKeeps() {
		MockOpenAIServer server = mock.server();
		server.enqueue(Fault.error(500));
		HttpResponse<String> failed = Http.get(server, "/v1/models");
		HttpResponse<String> unauthorized = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
			.timeout(Http.TIMEOUT)
			.build());
		HttpResponse<String> ok = Http.get(server, "/v1/models");
		HttpResponse<String> notFound = Http.post(server, "/v1/unknown", "{}");
		List<String> ids = List.of(failed, unauthorized, ok, notFound)
			.stream()
			.map((response) -> response.headers().firstValue("x-request-id").orElseThrow())
			.toList();
		assertThat(ids).allMatch((id) -> id.matches("req_[0-9a-f]{32}")).doesNotHaveDuplicates();
		assertThat(server.requests()).extracting(RecordedRequest::requestId).containsExactlyElementsOf(ids);
	}

	@Test
	void unknownPathGetsTheApiInvalidUrlError() {
		HttpResponse<String> response = Http.post(mock.server(), "/v1/unknown", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.json(response).at("/error/message").asString()).isEqualTo("Invalid URL (POST /v1/unknown)");
	}

	@Test
	void journalRecordsEachRequestInOrder() {
		MockOpenAIServer server = mock.server();
		Http.send(Http.request(server, "/v1/models?limit=2&after=a%20b")
			.header("OpenAI-Organization", "org-123")
			.header("X-Custom", "one")
			.GET()
			.build());
		Http.post(server, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
		List<RecordedRequest> requests = server.requests();
		assertThat(requests).hasSize(2);
		RecordedRequest first = requests.get(0);
		assertThat(first.sequence()).isZero();
		assertThat(first.method()).isEqualTo("GET");
		assertThat(first.protocol()).isEqualTo("HTTP/1.1");
		assertThat(first.path()).isEqualTo("/v1/models");
		assertThat(first.query()).isEqualTo("limit=2&after=a%20b");
		assertThat(first.queryParameters()).containsEntry("limit", List.of("2")).containsEntry("after", List.of("a b"));
		assertThat(first.header("authorization")).isEqualTo("Bearer " + Http.KEY);
		assertThat(first.header("x-custom")).isEqualTo("one");
		assertThat(first.body()).isEmpty();
		assertThat(first.toString()).doesNotContain(Http.KEY);
		RecordedRequest second = server.lastRequest();
		assertThat(second.sequence()).isOne();
		assertThat(second.method()).isEqualTo("POST");
		assertThat(second.body()).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[]}");
		assertThat(second.header("content-type")).isEqualTo("application/json");
	}

	@Test
	void echoesTheOrganizationHeader() {
		MockOpenAIServer server = mock.server();
		HttpResponse<String> response = Http
			.send(Http.request(server, "/v1/models").header("OpenAI-Organization", "org-123").GET().build());
		assertThat(response.headers().firstValue("openai-organization")).hasValue("org-123");
		assertThat(response.headers().firstValue("openai-version")).hasValue("2020-10-01");
	}

	@Test
	void countsConnectionsOpenedOpenAndPeak() throws Exception {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			assertThat(server.connections()).isEqualTo(new ConnectionStats(0, 0, 0));
			Socket first = new Socket("127.0.0.1", server.port());
			Socket second = new Socket("127.0.0.1", server.port());
			Socket third = new Socket("127.0.0.1", server.port());
			assertThat(server.awaitConnections((stats) -> stats.open() == 3, Http.TIMEOUT))
				.isEqualTo(new ConnectionStats(3, 3, 3));
			first.close();
			second.close();
			assertThat(server.awaitConnections((stats) -> stats.open() == 1, Http.TIMEOUT))
				.isEqualTo(new ConnectionStats(3, 1, 3));
			server.reset();
			assertThat(server.connections()).isEqualTo(new ConnectionStats(0, 1, 1));
			third.close();
			assertThat(server.awaitConnections((stats) -> stats.open() == 0, Http.TIMEOUT))
				.isEqualTo(new ConnectionStats(0, 0, 1));
		}
	}

	@Test
	void keptAliveConnectionServesSeveralRequests() {
		MockOpenAIServer server = mock.server();
		Http.get(server, "/v1/models");
		Http.get(server, "/v1/models");
		List<RecordedRequest> requests = server.requests();
		assertThat(requests.get(1).connectionId()).isEqualTo(requests.get(0).connectionId());
	}

	@Test
	void resetForgetsFaultsJournalAndRejectedKeys() {
		MockOpenAIServer server = mock.server();
		server.enqueue(Fault.error(500));
		server.enqueue("/v1/models", Fault.error(503));
		server.rejectApiKey(Http.KEY);
		server.addModel("ft:gpt-4o:acme::1", "acme");
		Http.get(server, "/v1/models/gpt-4o");
		server.reset();
		assertThat(server.requests()).isEmpty();
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
		assertThat(Http.get(server, "/v1/models/ft:gpt-4o:acme::1").statusCode()).isEqualTo(404);
		assertThat(server.requestCount()).isEqualTo(2);
	}

	@Test
	void awaitRequestsReturnsOnceEnoughArrived() throws Exception {
		MockOpenAIServer server = mock.server();
		Thread sender = new Thread(() -> Http.get(server, "/v1/models"));
		sender.start();
		assertThat(server.awaitRequests(1, Http.TIMEOUT)).hasSize(1);
		sender.join(Http.TIMEOUT.toMillis());
		assertThat(server.awaitRequests(2, Duration.ofMillis(50))).hasSize(1);
	}

	@Test
	void lastRequestFailsClearlyWhenThereIsNone() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> mock.server().lastRequest())
			.withMessage("No request was received");
	}

	@Test
	void compressesForClientsThatAcceptIt() {
		try (MockOpenAIServer server = MockOpenAIServer.builder().compression(true).start()) {
			HttpResponse<String> response = Http
				.send(Http.request(server, "/v1/models").header("Accept-Encoding", "gzip").GET().build());
			assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
		}
	}

	@Test
	void idleTimeoutClosesIdleConnections() throws Exception {
		try (MockOpenAIServer server = MockOpenAIServer.builder().idleTimeout(Duration.ofMillis(200)).start()) {
			String raw = keepAliveRequestThenWaitForClose(server);
			assertThat(raw).startsWith("HTTP/1.1 200 OK");
			assertThat(server.awaitConnections((stats) -> stats.open() == 0, Http.TIMEOUT).opened()).isOne();
		}
	}

	@Test
	void httpsServerPresentsTheBundledCertificateAndOffersHttp2() throws Exception {
		KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
		trust.load(null, null);
		trust.setCertificateEntry("mock", CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(MockOpenAIServer.certificatePem().getBytes(StandardCharsets.US_ASCII))));
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		SSLContext ssl = SSLContext.getInstance("TLS");
		ssl.init(null, trustManagers.getTrustManagers(), null);
		try (MockOpenAIServer server = MockOpenAIServer.builder().https(true).http2(true).start()) {
			assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
			HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2).build();
			HttpResponse<String> response = client.send(Http.request(server, "/v1/models").GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(server.lastRequest().protocol()).isEqualTo("HTTP/2.0");
		}
	}

	@Test
	void http2WithoutHttpsIsRefused() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> MockOpenAIServer.builder().http2(true).start())
			.withMessageContaining("https");
	}

	private static String keepAliveRequestThenWaitForClose(MockOpenAIServer server) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
			socket.getOutputStream()
				.write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Http.KEY + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return Http.readUntilClosed(socket.getInputStream());
		}
	}

}
