package io.asyncopenai;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.models.realtime.RealtimeServerEventSessionCreated;
import io.asyncopenai.services.realtime.RealtimeConnection;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.MockProxyServer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ProxyTests {

	@Test
	void requestsGoThroughTheProxy(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.start();
				TestClient client = TestClient.of(server, (transport) -> transport.proxy(proxy.url()))) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
			assertThat(proxy.tunnels()).singleElement().satisfies((tunnel) -> {
				assertThat(tunnel.target()).isEqualTo("127.0.0.1:" + server.port());
				assertThat(tunnel.granted()).isTrue();
				assertThat(tunnel.proxyAuthorization()).isNull();
			});
		}
		assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer " + TestClient.API_KEY);
	}

	@Test
	void credentialsInTheProxyUrlReachTheProxy(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.startWithCredentials("user", "p@ss word");
				TestClient client = TestClient.of(server, (transport) -> transport
					.proxy("http://user:p%40ss%20word@127.0.0.1:" + proxy.port()))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			String expected = "Basic "
					+ Base64.getEncoder().encodeToString("user:p@ss word".getBytes(StandardCharsets.UTF_8));
			assertThat(proxy.tunnels()).singleElement().satisfies((tunnel) -> {
				assertThat(tunnel.proxyAuthorization()).isEqualTo(expected);
				assertThat(tunnel.granted()).isTrue();
			});
		}
	}

	@Test
	void aWebSocketGoesThroughTheProxyWithTheCredentials(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.startWithCredentials("user", "s3cret");
				TestClient client = TestClient.of(server,
						(transport) -> transport.proxy("http://user:s3cret@127.0.0.1:" + proxy.port()))) {
			RealtimeConnection connection = client.openai().realtime().connect("gpt-realtime").block(TestClient.TIMEOUT);
			assertThat(connection.events().blockFirst(TestClient.TIMEOUT))
				.isInstanceOf(RealtimeServerEventSessionCreated.class);
			assertThat(proxy.tunnels()).singleElement().satisfies((tunnel) -> {
				assertThat(tunnel.target()).isEqualTo("127.0.0.1:" + server.port());
				assertThat(tunnel.proxyAuthorization()).isEqualTo("Basic "
						+ Base64.getEncoder().encodeToString("user:s3cret".getBytes(StandardCharsets.UTF_8)));
				assertThat(tunnel.granted()).isTrue();
			});
		}
		assertThat(server.webSockets()).singleElement()
			.satisfies((socket) -> assertThat(socket.request().header("proxy-authorization")).isNull());
	}

	@Test
	void aWebSocketThroughAProxyThatRefusesTheCredentialsIsAConnectionError(MockOpenAIServer server)
			throws Exception {
		try (MockProxyServer proxy = MockProxyServer.startWithCredentials("user", "right");
				TestClient client = TestClient.of(server,
						(transport) -> transport.proxy("http://user:wrong@127.0.0.1:" + proxy.port()))) {
			StepVerifier.create(client.openai().realtime().connect("gpt-realtime"))
				.expectError(APIConnectionException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.webSockets()).isEmpty();
	}

	@Test
	void proxyThatRefusesTheCredentialsIsAConnectionError(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.startWithCredentials("user", "right");
				TestClient client = TestClient.of(server,
						(transport) -> transport.proxy("http://user:wrong@127.0.0.1:" + proxy.port()),
						(builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectError(APIConnectionException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void noProxyHostsGoDirect(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.start();
				TestClient client = TestClient.of(server,
						(transport) -> transport.proxy(proxy.url()).noProxy("localhost", "127.0.0.1"))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(proxy.tunnels()).isEmpty();
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void proxyForHttpsTargetsLeavesHttpTargetsDirect(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.start();
				TestClient client = TestClient.of(server, (transport) -> transport.proxy("https", proxy.url()))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			assertThat(proxy.tunnels()).isEmpty();
		}
	}

	@Test
	void trustEnvPicksUpTheJvmProxySystemProperties(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.start(); AutoCloseable jvmProxy = proxy.asJvmHttpProxy()) {
			try (TestClient client = TestClient.of(server, (transport) -> transport.trustEnv(true))) {
				client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			}
			assertThat(proxy.tunnels()).singleElement()
				.satisfies((tunnel) -> assertThat(tunnel.target()).isEqualTo("127.0.0.1:" + server.port()));
		}
	}

	@Test
	void withoutTrustEnvTheJvmProxySystemPropertiesAreIgnored(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.start(); AutoCloseable jvmProxy = proxy.asJvmHttpProxy()) {
			try (TestClient client = TestClient.of(server, (transport) -> transport.trustEnv(false))) {
				client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
			}
			assertThat(proxy.tunnels()).isEmpty();
		}
	}

}
