package io.asyncopenai.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.ClientOptions;
import io.asyncopenai.http.OpenAIHttpClient;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class OpenAIAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
		.withPropertyValues("openai.api-key=sk-test-key");

	@Test
	void defaultsAreThePythonSdks() {
		this.runner.run((context) -> {
			OpenAIProperties properties = context.getBean(OpenAIProperties.class);
			OpenAIProperties.Http http = properties.getHttp();
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getMaxRetries()).isEqualTo(ClientOptions.DEFAULT_MAX_RETRIES).isEqualTo(2);
			assertThat(http.getTimeout()).isEqualTo(OpenAIHttpClient.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(600));
			assertThat(http.getConnectTimeout()).isEqualTo(OpenAIHttpClient.DEFAULT_CONNECT_TIMEOUT)
				.isEqualTo(Duration.ofSeconds(5));
			assertThat(http.getReadTimeout()).isNull();
			assertThat(http.getWriteTimeout()).isNull();
			assertThat(http.getPoolTimeout()).isNull();
			assertThat(http.getMaxConnections()).isEqualTo(OpenAIHttpClient.DEFAULT_MAX_CONNECTIONS).isEqualTo(1000);
			assertThat(http.getMaxKeepaliveConnections()).isEqualTo(OpenAIHttpClient.DEFAULT_MAX_KEEP_ALIVE_CONNECTIONS)
				.isEqualTo(100);
			assertThat(http.getKeepaliveExpiry()).isEqualTo(OpenAIHttpClient.DEFAULT_KEEP_ALIVE_EXPIRY)
				.isEqualTo(Duration.ofSeconds(5));
			assertThat(http.isFollowRedirects()).isTrue();
			assertThat(http.getMaxRedirects()).isEqualTo(OpenAIHttpClient.DEFAULT_MAX_REDIRECTS).isEqualTo(20);
			assertThat(http.getHeaders()).isEmpty();
			assertThat(http.getProxies().getHttp()).isNull();
			assertThat(http.getProxies().getHttps()).isNull();
			assertThat(http.getNoProxy()).isEmpty();
			assertThat(http.isTrustEnv()).isTrue();
			assertThat(http.isVerify()).isTrue();
			assertThat(http.getCaCertificates()).isNull();
			assertThat(http.getSsl().getBundle()).isNull();
			assertThat(http.isHttp2()).isFalse();
			assertThat(http.isCompression()).isTrue();
			assertThat(http.isWiretap()).isFalse();
			assertThat(http.getMaxResponseSize().toBytes()).isEqualTo(OpenAIHttpClient.DEFAULT_MAX_RESPONSE_SIZE)
				.isEqualTo(64L * 1024 * 1024);
			assertThat(http.getMaxSseLineSize().toBytes()).isEqualTo(OpenAIHttpClient.DEFAULT_MAX_SSE_LINE_SIZE)
				.isEqualTo(4L * 1024 * 1024);
			assertThat(http.getMaxResponseHeaderSize().toBytes())
				.isEqualTo(OpenAIHttpClient.DEFAULT_MAX_RESPONSE_HEADER_SIZE)
				.isEqualTo(64L * 1024);
			assertThat(http.getRateLimit().isEnabled()).isFalse();
			assertThat(http.getRateLimit().getMaxQueuedCalls())
				.isEqualTo(OpenAIHttpClient.DEFAULT_RATE_LIMIT_MAX_QUEUED_CALLS)
				.isEqualTo(10_000);
			OpenAIHttpClient transport = context.getBean(OpenAIHttpClient.class);
			assertThat(transport.readTimeout()).isEqualTo(Duration.ofSeconds(600));
			assertThat(transport.rateLimit()).isNull();
			assertThat(transport.maxRedirects()).isEqualTo(20);
			assertThat(transport.name()).isEqualTo("openai");
			AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
			assertThat(client.httpClient()).isSameAs(transport);
			assertThat(client.options().maxRetries()).isEqualTo(2);
		});
	}

	@Test
	void everyPropertyBinds() {
		this.runner.withPropertyValues("openai.enabled=true", "openai.base-url=http://127.0.0.1:1/v1",
				"openai.organization=org-1", "openai.project=proj-1", "openai.max-retries=5", "openai.http.timeout=30s",
				"openai.http.connect-timeout=2s", "openai.http.read-timeout=20s", "openai.http.write-timeout=10s",
				"openai.http.pool-timeout=3s", "openai.http.max-connections=50", "openai.http.max-keepalive-connections=7",
				"openai.http.keepalive-expiry=9s", "openai.http.follow-redirects=false", "openai.http.max-redirects=3",
				"openai.http.headers.X-Custom=1", "openai.http.proxies.http=http://proxy:3128",
				"openai.http.proxies.https=socks5://proxy:1080", "openai.http.no-proxy=localhost,*.internal",
				"openai.http.trust-env=false", "openai.http.verify=true",
				"openai.http.ca-certificates=classpath:io/asyncopenai/test/mock-server.crt",
				"spring.ssl.bundle.pem.mock.truststore.certificate=classpath:io/asyncopenai/test/mock-server.crt",
				"openai.http.ssl.bundle=mock", "openai.http.http2=true", "openai.http.compression=false",
				"openai.http.wiretap=true", "openai.http.max-response-size=2MB", "openai.http.max-sse-line-size=128KB",
				"openai.http.max-response-header-size=16KB", "openai.http.websocket.max-frame-size=1MB",
				"openai.http.websocket.ping-interval=5s", "openai.http.websocket.idle-timeout=15s",
				"openai.http.websocket.max-queued-events=64", "openai.http.rate-limit.enabled=true",
				"openai.http.rate-limit.max-queued-calls=77")
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OpenAIProperties properties = context.getBean(OpenAIProperties.class);
				OpenAIProperties.Http http = properties.getHttp();
				assertThat(properties.getBaseUrl()).isEqualTo("http://127.0.0.1:1/v1");
				assertThat(properties.getOrganization()).isEqualTo("org-1");
				assertThat(properties.getProject()).isEqualTo("proj-1");
				assertThat(properties.getMaxRetries()).isEqualTo(5);
				assertThat(http.getTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(http.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(http.getReadTimeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(http.getWriteTimeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(http.getPoolTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(http.getMaxConnections()).isEqualTo(50);
				assertThat(http.getMaxKeepaliveConnections()).isEqualTo(7);
				assertThat(http.getKeepaliveExpiry()).isEqualTo(Duration.ofSeconds(9));
				assertThat(http.isFollowRedirects()).isFalse();
				assertThat(http.getMaxRedirects()).isEqualTo(3);
				assertThat(http.getHeaders()).containsEntry("X-Custom", "1");
				assertThat(http.getProxies().getHttp()).isEqualTo("http://proxy:3128");
				assertThat(http.getProxies().getHttps()).isEqualTo("socks5://proxy:1080");
				assertThat(http.getNoProxy()).containsExactly("localhost", "*.internal");
				assertThat(http.isTrustEnv()).isFalse();
				assertThat(http.getCaCertificates()).isEqualTo("classpath:io/asyncopenai/test/mock-server.crt");
				assertThat(http.getSsl().getBundle()).isEqualTo("mock");
				assertThat(http.isHttp2()).isTrue();
				assertThat(http.isCompression()).isFalse();
				assertThat(http.isWiretap()).isTrue();
				assertThat(http.getMaxResponseSize().toMegabytes()).isEqualTo(2);
				assertThat(http.getMaxSseLineSize().toKilobytes()).isEqualTo(128);
				assertThat(http.getMaxResponseHeaderSize().toKilobytes()).isEqualTo(16);
				OpenAIHttpClient transport = context.getBean(OpenAIHttpClient.class);
				assertThat(transport.readTimeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(transport.followRedirects()).isFalse();
				assertThat(transport.maxRedirects()).isEqualTo(3);
				assertThat(transport.headers()).containsEntry("X-Custom", "1");
				assertThat(transport.maxResponseSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(transport.maxSseLineSize()).isEqualTo(128 * 1024);
				assertThat(transport.webSockets().maxFrameSize()).isEqualTo(1024 * 1024);
				assertThat(transport.webSockets().pingInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(transport.webSockets().idleTimeout()).isEqualTo(Duration.ofSeconds(15));
				assertThat(transport.webSockets().maxQueuedEvents()).isEqualTo(64);
				assertThat(http.getRateLimit().isEnabled()).isTrue();
				assertThat(http.getRateLimit().getMaxQueuedCalls()).isEqualTo(77);
				assertThat(transport.rateLimit()).isNotNull();
				ClientOptions options = context.getBean(AsyncOpenAI.class).options();
				assertThat(options.baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
				assertThat(options.organization()).isEqualTo("org-1");
				assertThat(options.project()).isEqualTo("proj-1");
				assertThat(options.maxRetries()).isEqualTo(5);
			});
	}

	@Test
	void environmentVariablesAreTheFallbacks() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
			.withPropertyValues("OPENAI_API_KEY=sk-from-env", "OPENAI_BASE_URL=http://127.0.0.1:2/v1",
					"OPENAI_ORG_ID=org-env", "OPENAI_PROJECT_ID=proj-env")
			.run((context) -> {
				ClientOptions options = context.getBean(AsyncOpenAI.class).options();
				assertThat(options.apiKey()).isEqualTo("sk-from-env");
				assertThat(options.baseUrl()).isEqualTo("http://127.0.0.1:2/v1");
				assertThat(options.organization()).isEqualTo("org-env");
				assertThat(options.project()).isEqualTo("proj-env");
			});
	}

	@Test
	void propertiesWinOverEnvironmentVariables() {
		this.runner.withPropertyValues("OPENAI_API_KEY=sk-from-env", "openai.api-key=sk-property")
			.run((context) -> assertThat(context.getBean(AsyncOpenAI.class).options().apiKey()).isEqualTo("sk-property"));
	}

	@Test
	void defaultBaseUrlIsTheApi() {
		this.runner.run((context) -> assertThat(context.getBean(AsyncOpenAI.class).options().baseUrl())
			.isEqualTo("https://api.openai.com/v1"));
	}

	@Test
	void userBeansMakeTheAutoConfigurationBackOff() {
		this.runner.withUserConfiguration(UserTransportConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OpenAIHttpClient.class);
			assertThat(context.getBean(OpenAIHttpClient.class).name()).isEqualTo("user");
			assertThat(context.getBean(AsyncOpenAI.class).httpClient().name()).isEqualTo("user");
		});
		this.runner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(AsyncOpenAI.class);
			assertThat(context.getBean(AsyncOpenAI.class).options().apiKey()).isEqualTo("sk-user");
		});
	}

	@Test
	void disabledBacksOffCompletely() {
		this.runner.withPropertyValues("openai.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AsyncOpenAI.class);
			assertThat(context).doesNotHaveBean(OpenAIHttpClient.class);
			assertThat(context).doesNotHaveBean(OpenAIProperties.class);
		});
	}

	@Test
	void backsOffWithoutReactorNettyOrTheClient() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(AsyncOpenAI.class);
			assertThat(context).doesNotHaveBean(OpenAIHttpClient.class);
		});
		this.runner.withClassLoader(new FilteredClassLoader(AsyncOpenAI.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenAIHttpClient.class));
	}

	@Test
	void customizersApplyInOrder() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context.getBean(CustomizerConfiguration.class).calls).containsExactly("http-first",
					"http-second");
			assertThat(context.getBean(AsyncOpenAI.class).options().headers()).containsEntry("X-Order", "second");
		});
	}

	@Test
	void contextCloseClosesTheTransport() {
		OpenAIHttpClient[] transport = new OpenAIHttpClient[1];
		this.runner.run((context) -> transport[0] = context.getBean(OpenAIHttpClient.class));
		assertThat(transport[0].isClosed()).isTrue();
	}

	@Test
	void missingApiKeyFailsWithAnAnalysisNamingPropertyAndVariable() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				MissingApiKeyException cause = findCause(failure, MissingApiKeyException.class);
				assertThat(cause).hasMessageContaining("openai.api-key").hasMessageContaining("OPENAI_API_KEY");
				FailureAnalysis analysis = new MissingApiKeyFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription()).contains("API key");
				assertThat(analysis.getAction()).contains("openai.api-key").contains("OPENAI_API_KEY");
			});
	}

	@Test
	void invalidValuesFailWithThePropertyAndTheValue() {
		assertInvalid("openai.http.timeout", "0s", "PT0S");
		assertInvalid("openai.http.connect-timeout", "-1s", "PT-1S");
		assertInvalid("openai.http.read-timeout", "0ms", "PT0S");
		assertInvalid("openai.http.keepalive-expiry", "0s", "PT0S");
		assertInvalid("openai.http.max-connections", "0", 0);
		assertInvalid("openai.max-retries", "-1", -1);
		assertInvalid("openai.http.max-redirects", "-1", -1);
		assertInvalid("openai.http.max-response-size", "10B", "10B");
		assertInvalid("openai.http.proxies.http", "ftp://proxy:21", "ftp://proxy:21");
		assertInvalid("openai.http.proxies.https", "http://", "http://");
		assertInvalid("openai.http.ca-certificates", "classpath:missing.pem", "classpath:missing.pem");
		assertInvalid("openai.http.ca-certificates", "classpath:not-a-certificate.txt", "classpath:not-a-certificate.txt");
		assertInvalid("openai.http.ssl.bundle", "unknown", "unknown");
		assertInvalid("openai.base-url", "not a url", "not a url");
		assertInvalid("openai.http.websocket.max-frame-size", "100B", "100B");
		assertInvalid("openai.http.websocket.ping-interval", "-1s", "PT-1S");
		assertInvalid("openai.http.websocket.idle-timeout", "-1s", "PT-1S");
		assertInvalid("openai.http.websocket.max-queued-events", "0", 0);
		assertInvalid("openai.http.rate-limit.max-queued-calls", "0", 0);
		this.runner.withPropertyValues("openai.http.websocket.ping-interval=30s", "openai.http.websocket.idle-timeout=30s")
			.run((context) -> {
				InvalidConfigurationPropertyValueException cause = findCause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(cause.getName()).isEqualTo("openai.http.websocket.ping-interval");
				assertThat(cause.getReason()).contains("openai.http.websocket.idle-timeout (PT30S)");
			});
		this.runner.withPropertyValues("openai.http.max-connections=10", "openai.http.max-keepalive-connections=11")
			.run((context) -> {
				InvalidConfigurationPropertyValueException cause = findCause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(cause.getName()).isEqualTo("openai.http.max-keepalive-connections");
				assertThat(cause.getValue()).isEqualTo(11);
				assertThat(cause.getReason()).contains("openai.http.max-connections (10)");
			});
	}

	@Test
	void aRefusedValueFailsWithTheBuildersReasonInPropertyNames() {
		this.runner.withPropertyValues("openai.http.max-response-size=10B").run((context) -> {
			InvalidConfigurationPropertyValueException cause = findCause(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(cause.getName()).isEqualTo("openai.http.max-response-size");
			assertThat(cause.getReason()).isEqualTo("openai.http.max-response-size must be at least 1024, was 10");
		});
		this.runner.withPropertyValues("openai.max-retries=-1").run((context) -> {
			InvalidConfigurationPropertyValueException cause = findCause(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(cause.getName()).isEqualTo("openai.max-retries");
			assertThat(cause.getReason()).isEqualTo("openai.max-retries must not be negative, was -1");
		});
	}

	@Test
	void aCustomizersOwnFailureIsNotBlamedOnAProperty() {
		this.runner.withPropertyValues("openai.base-url=http://127.0.0.1:1/v1")
			.withBean(AsyncOpenAIBuilderCustomizer.class, () -> (builder) -> builder.baseUrl("ftp://elsewhere"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(hasCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class))
					.isFalse();
				assertThat(findCause(context.getStartupFailure(), IllegalArgumentException.class))
					.hasMessageContaining("ftp://elsewhere");
			});
		this.runner.withBean(OpenAIHttpClientCustomizer.class, () -> (client) -> {
			throw new IllegalArgumentException("the transport customizer's own mistake");
		}).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(hasCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class)).isFalse();
			assertThat(findCause(context.getStartupFailure(), IllegalArgumentException.class))
				.hasMessage("the transport customizer's own mistake");
		});
	}

	@Test
	void proxyCredentialsNeverShowInTheFailure() {
		this.runner.withPropertyValues("openai.http.proxies.http=ftp://user:s3cret@proxy:21").run((context) -> {
			InvalidConfigurationPropertyValueException cause = findCause(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(cause.getValue().toString()).doesNotContain("s3cret");
			assertThat(cause.getMessage()).doesNotContain("s3cret");
		});
	}

	@Test
	void verifyFalseLogsAWarningOnce(CapturedOutput output) {
		this.runner.withPropertyValues("openai.http.verify=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut().split("openai.http.verify=false", -1)).hasSize(2);
		});
	}

	@Test
	void apiKeyNeverShowsInThePropertiesToString() {
		this.runner.run((context) -> assertThat(context.getBean(OpenAIProperties.class).toString())
			.doesNotContain("sk-test-key"));
	}

	@Test
	void missingReactorNettyIsExplainedWhenAsyncOpenAIIsInjected() {
		ReactorNettyMissingFailureAnalyzer analyzer = new ReactorNettyMissingFailureAnalyzer((name) -> false);
		FailureAnalysis analysis = analyzer.analyze(new NoSuchBeanDefinitionException(AsyncOpenAI.class));
		assertThat(analysis.getDescription()).contains("Reactor Netty");
		assertThat(analysis.getAction()).contains("io.projectreactor.netty:reactor-netty-http")
			.contains("openai-spring-boot-starter");
		assertThat(new ReactorNettyMissingFailureAnalyzer((name) -> true)
			.analyze(new NoSuchBeanDefinitionException(AsyncOpenAI.class))).isNull();
		assertThat(analyzer.analyze(new NoSuchBeanDefinitionException(String.class))).isNull();
	}

	private void assertInvalid(String property, String value, Object boundValue) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			InvalidConfigurationPropertyValueException cause = findCause(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(cause).as(property).isNotNull();
			assertThat(cause.getName()).isEqualTo(property);
			assertThat(String.valueOf(cause.getValue())).isEqualTo(String.valueOf(boundValue));
			assertThat(cause.getReason()).isNotBlank();
		});
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransportConfiguration {

		@Bean(destroyMethod = "close")
		OpenAIHttpClient userTransport() {
			return OpenAIHttpClient.builder().name("user").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean(destroyMethod = "close")
		AsyncOpenAI userClient() {
			return AsyncOpenAI.builder().environment(Map.of()).apiKey("sk-user").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		OpenAIHttpClientCustomizer second() {
			return (client) -> {
				this.calls.add("http-second");
				return client;
			};
		}

		@Bean
		@Order(1)
		OpenAIHttpClientCustomizer first() {
			return (client) -> {
				this.calls.add("http-first");
				return client;
			};
		}

		@Bean
		@Order(2)
		AsyncOpenAIBuilderCustomizer secondBuilder() {
			return (builder) -> builder.defaultHeader("X-Order", "second");
		}

		@Bean
		@Order(1)
		AsyncOpenAIBuilderCustomizer firstBuilder() {
			return (builder) -> builder.defaultHeader("X-Order", "first");
		}

	}

}
