package io.asyncopenai.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.errors.InvalidWebhookSignatureException;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.webhooks.WebhookBatchCompleted;
import io.asyncopenai.services.realtime.RealtimeConnection;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.MockProxyServer;
import io.asyncopenai.test.MockWebSocket;
import io.asyncopenai.test.StalledListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each {@code openai.*} property proven by its effect on the wire.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class OpenAIPropertiesEffectTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o")
		.addUserMessage("one two")
		.build();

	private static ApplicationContextRunner runner(MockOpenAIServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues(properties(server))
			.withPropertyValues("openai.http.trust-env=false");
	}

	private static String[] properties(MockOpenAIServer server) {
		return server.springProperties()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	@Test
	void apiPropertiesAndHeadersArrive(MockOpenAIServer server) {
		runner(server)
			.withPropertyValues("openai.organization=org-1", "openai.project=proj-1", "openai.http.headers.X-Custom=1")
			.run((context) -> context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT));
		assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer " + MockOpenAIServer.API_KEY);
		assertThat(server.lastRequest().header("openai-organization")).isEqualTo("org-1");
		assertThat(server.lastRequest().header("openai-project")).isEqualTo("proj-1");
		assertThat(server.lastRequest().header("x-custom")).isEqualTo("1");
	}

	@Test
	void theWebhookSecretChecksWebhookSignaturesAndIsNeverShown(MockOpenAIServer server) throws Exception {
		String key = Base64.getEncoder().encodeToString("the starter's webhook signing key".getBytes(StandardCharsets.UTF_8));
		String body = "{\"id\":\"evt_1\",\"object\":\"event\",\"created_at\":1,\"type\":\"batch.completed\",\"data\":{\"id\":\"batch_1\"}}";
		String timestamp = String.valueOf(Instant.now().getEpochSecond());
		Map<String, String> headers = Map.of("webhook-id", "msg_1", "webhook-timestamp", timestamp, "webhook-signature",
				"v1," + hmacSha256(key, "msg_1." + timestamp + "." + body));
		runner(server).withPropertyValues("openai.webhook-secret=whsec_" + key).run((context) -> {
			AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
			assertThat(client.webhooks().unwrap(body, headers)).isInstanceOf(WebhookBatchCompleted.class);
			assertThat(context.getBean(OpenAIProperties.class).toString()).doesNotContain(key);
			assertThat(client.options().toString()).doesNotContain(key);
		});
		runner(server).withPropertyValues("openai.webhook-secret=whsec_" + Base64.getEncoder().encodeToString("another key".getBytes()))
			.run((context) -> assertThatExceptionOfType(InvalidWebhookSignatureException.class)
				.isThrownBy(() -> context.getBean(AsyncOpenAI.class).webhooks().unwrap(body, headers)));
	}

	private static String hmacSha256(String base64Key, String content) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void webClientCustomizersOfTheApplicationApply(MockOpenAIServer server) {
		runner(server).withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class))
			.withUserConfiguration(WebClientCustomizerConfiguration.class)
			.run((context) -> context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT));
		assertThat(server.lastRequest().header("x-from-webclient-customizer")).isEqualTo("yes");
	}

	@Test
	void maxRetriesIsHonoured(MockOpenAIServer server) {
		server.enqueue(Fault.error(500).header("retry-after-ms", "1"), Fault.error(500).header("retry-after-ms", "1"));
		runner(server).withPropertyValues("openai.max-retries=1")
			.run((context) -> StepVerifier.create(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o"))
				.expectError(APIStatusException.class)
				.verify(TIMEOUT));
		assertThat(server.requests()).hasSize(2);
	}

	@Test
	void followRedirectsAndMaxRedirects(MockOpenAIServer server) {
		server.enqueue(Fault.redirect(307, "/v1/models/gpt-4o-mini"));
		runner(server).run((context) -> assertThat(
				context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT).id())
			.isEqualTo("gpt-4o-mini"));
		server.reset();
		server.enqueue(Fault.redirect(307, "/v1/models/gpt-4o-mini"));
		runner(server).withPropertyValues("openai.http.follow-redirects=false")
			.run((context) -> StepVerifier.create(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(((APIStatusException) error).statusCode()).isEqualTo(307))
				.verify(TIMEOUT));
		server.reset();
		for (int i = 0; i < 5; i++) {
			server.enqueue(Fault.redirect(302, "/v1/models/gpt-4o"));
		}
		runner(server).withPropertyValues("openai.http.max-redirects=2", "openai.max-retries=0")
			.run((context) -> StepVerifier.create(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o"))
				.expectError(APIConnectionException.class)
				.verify(TIMEOUT));
		assertThat(server.requests()).hasSize(3);
	}

	@Test
	void proxyNoProxyAndProxyCredentials(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.startWithCredentials("user", "secret")) {
			String url = "http://user:secret@127.0.0.1:" + proxy.port();
			runner(server).withPropertyValues("openai.http.proxies.http=" + url)
				.run((context) -> context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT));
			assertThat(proxy.tunnels()).singleElement().satisfies((tunnel) -> {
				assertThat(tunnel.target()).isEqualTo("127.0.0.1:" + server.port());
				assertThat(tunnel.proxyAuthorization()).isEqualTo("Basic dXNlcjpzZWNyZXQ=");
				assertThat(tunnel.granted()).isTrue();
			});
			runner(server).withPropertyValues("openai.http.proxies.http=" + url, "openai.http.no-proxy=127.0.0.1")
				.run((context) -> context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT));
			assertThat(proxy.tunnels()).hasSize(1);
			assertThat(server.requests()).hasSize(2);
		}
	}

	@Test
	void trustEnvPicksUpTheJvmProxySystemProperties(MockOpenAIServer server) throws Exception {
		try (MockProxyServer proxy = MockProxyServer.start(); AutoCloseable jvmProxy = proxy.asJvmHttpProxy()) {
			runner(server).withPropertyValues("openai.http.trust-env=true")
				.run((context) -> context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT));
			assertThat(proxy.tunnels()).hasSize(1);
		}
	}

	@Test
	void verifyCaCertificatesAndSslBundleDecideWhichServersAreTrusted() {
		try (MockOpenAIServer https = MockOpenAIServer.builder().https(true).http2(true).start()) {
			runner(https).withPropertyValues("openai.max-retries=0")
				.run((context) -> StepVerifier.create(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o"))
					.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
						.hasMessageContaining("TLS"))
					.verify(TIMEOUT));
			runner(https).withPropertyValues("openai.http.verify=false")
				.run((context) -> assertThat(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT))
					.isNotNull());
			runner(https).withPropertyValues("openai.http.ca-certificates=classpath:io/asyncopenai/test/mock-server.crt")
				.run((context) -> assertThat(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT))
					.isNotNull());
			runner(https)
				.withPropertyValues(
						"spring.ssl.bundle.pem.mock.truststore.certificate=classpath:io/asyncopenai/test/mock-server.crt",
						"openai.http.ssl.bundle=mock")
				.run((context) -> assertThat(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT))
					.isNotNull());
			assertThat(https.lastRequest().protocol()).isEqualTo("HTTP/1.1");
			runner(https).withPropertyValues("openai.http.verify=false", "openai.http.http2=true")
				.run((context) -> context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT));
			assertThat(https.lastRequest().protocol()).isEqualTo("HTTP/2.0");
		}
	}

	@Test
	void maxConnectionsAndMaxKeepaliveConnectionsHoldAtTheServer(MockOpenAIServer server) {
		for (int i = 0; i < 20; i++) {
			server.enqueue("/v1/models/gpt-4o", Fault.delayBeforeHeaders(Duration.ofMillis(100)));
		}
		runner(server)
			.withPropertyValues("openai.http.max-connections=5", "openai.http.max-keepalive-connections=2",
					"openai.http.keepalive-expiry=30s")
			.run((context) -> {
				AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
				Flux.range(0, 20).flatMap((i) -> client.models().retrieve("gpt-4o"), 20).blockLast(TIMEOUT);
				assertThat(server.connections().peakOpen()).isEqualTo(5);
				assertThat(server.awaitConnections((stats) -> stats.open() <= 2, TIMEOUT).open()).isEqualTo(2);
			});
	}

	@Test
	void readAndPoolTimeoutsSurfaceAsTimeouts(MockOpenAIServer server) {
		server.enqueue(Fault.delayBeforeHeaders(Duration.ofSeconds(2)));
		runner(server).withPropertyValues("openai.http.read-timeout=200ms", "openai.max-retries=0")
			.run((context) -> StepVerifier.create(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o"))
				.expectError(APITimeoutException.class)
				.verify(TIMEOUT));
		server.reset();
		server.enqueue(Fault.stallMidStream(1));
		runner(server)
			.withPropertyValues("openai.http.max-connections=1", "openai.http.max-keepalive-connections=1",
					"openai.http.pool-timeout=200ms", "openai.max-retries=0")
			.run((context) -> {
				AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
				Disposable stalled = client.chat().completions().createStreaming(CHAT).subscribe();
				server.awaitRequests(1, TIMEOUT);
				StepVerifier.create(client.models().retrieve("gpt-4o"))
					.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
						.hasMessageContaining("pooled"))
					.verify(TIMEOUT);
				stalled.dispose();
			});
	}

	@Test
	void connectTimeoutSurfacesAsATimeout() throws Exception {
		try (StalledListener listener = StalledListener.start()) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
				.withPropertyValues("openai.api-key=sk-x", "openai.base-url=" + listener.baseUrl(),
						"openai.http.connect-timeout=300ms", "openai.max-retries=0", "openai.http.trust-env=false")
				.run((context) -> StepVerifier.create(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o"))
					.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(APITimeoutException.class)
						.hasMessageContaining("Connect"))
					.verify(TIMEOUT));
		}
	}

	@Test
	void closingTheContextClosesEveryConnectionAndStopsTheClientThreads(MockOpenAIServer server) throws Exception {
		List<String> before = clientThreads();
		runner(server).run((context) -> {
			AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
			Flux.range(0, 5).flatMap((i) -> client.models().retrieve("gpt-4o"), 5).blockLast(TIMEOUT);
			assertThat(server.connections().open()).isPositive();
			assertThat(clientThreads()).isNotEmpty();
		});
		assertThat(server.awaitConnections((stats) -> stats.open() == 0, TIMEOUT).open()).isZero();
		assertThat(before).isEmpty();
		assertThat(clientThreads()).isEmpty();
	}

	@Test
	void defaultQueryExtraBodyAndTheUsageSwitchArrive(MockOpenAIServer server) {
		runner(server).withPropertyValues("openai.default-query.api-version=2025-01-01", "openai.extra-body.top_k=20",
				"openai.extra-body.enable_thinking=false", "openai.extra-body.mode=fast",
				"openai.stream-include-usage=true")
			.run((context) -> context.getBean(AsyncOpenAI.class)
				.chat()
				.completions()
				.createStreaming(CHAT)
				.blockLast(TIMEOUT));
		assertThat(server.lastRequest().query()).isEqualTo("api-version=2025-01-01");
		assertThat(server.lastRequest().body()).contains("\"top_k\":20", "\"enable_thinking\":false",
				"\"mode\":\"fast\"", "\"stream_options\":{\"include_usage\":true}");
	}

	@Test
	void anOpenAICompatibleServerNeedsNoKey() {
		try (MockOpenAIServer compatible = MockOpenAIServer.builder().apiKeyRequired(false).start()) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
				.withPropertyValues("openai.base-url=" + compatible.baseUrl(), "openai.http.trust-env=false")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
					assertThat(client.models().retrieve("gpt-4o").block(TIMEOUT).id()).isEqualTo("gpt-4o");
				});
			assertThat(compatible.lastRequest().header("authorization")).isNull();
		}
	}

	@Test
	void webSocketPropertiesApplyAndClosingTheContextClosesEveryConnectionWith1001(MockOpenAIServer server)
			throws Exception {
		List<RealtimeConnection> connections = new java.util.ArrayList<>();
		runner(server).withPropertyValues("openai.http.websocket.ping-interval=100ms",
				"openai.http.websocket.idle-timeout=2s").run((context) -> {
					AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
					for (int i = 0; i < 2; i++) {
						connections.add(client.realtime().connect("gpt-realtime").block(TIMEOUT));
					}
					MockWebSocket first = server.awaitWebSockets(2, TIMEOUT).get(0);
					long deadline = System.nanoTime() + TIMEOUT.toNanos();
					while (first.pingsReceived() < 3 && System.nanoTime() < deadline) {
						Thread.sleep(20);
					}
					assertThat(first.pingsReceived()).isGreaterThanOrEqualTo(3);
				});
		for (MockWebSocket socket : server.webSockets()) {
			assertThat(socket.awaitClosed(TIMEOUT)).isTrue();
			assertThat(socket.clientCloseCode()).isEqualTo(1001);
		}
		for (RealtimeConnection connection : connections) {
			assertThat(connection.isOpen()).isFalse();
		}
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

	@Configuration(proxyBeanMethods = false)
	static class WebClientCustomizerConfiguration {

		@Bean
		WebClientCustomizer headerCustomizer() {
			return (builder) -> builder.defaultHeader("X-From-WebClient-Customizer", "yes");
		}

	}

}
