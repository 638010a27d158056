package io.asyncopenai.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.test.MockOpenAIServer;

import static io.asyncopenai.autoconfigure.StartupFailures.cause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named clients of {@code openai.clients.<name>.*} beside the default one, each proven on the
 * wire: its own server, key and headers, what it leaves unset inherited from {@code openai.*},
 * its own transport, all closed with the context.
 */
class OpenAINamedClientsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void twoNamedClientsAndTheDefaultEachCallTheirOwnServer() {
		try (MockOpenAIServer main = MockOpenAIServer.start();
				MockOpenAIServer local = MockOpenAIServer.builder().compatible(true).start();
				MockOpenAIServer gateway = MockOpenAIServer.start()) {
			OpenAIHttpClient[] transports = new OpenAIHttpClient[3];
			runner().withPropertyValues("openai.base-url=" + main.baseUrl(), "openai.api-key=sk-main",
					"openai.organization=org-shared", "openai.http.headers.X-Team=search",
					"openai.clients.local.base-url=" + local.baseUrl(), "openai.clients.local.api-key=",
					"openai.clients.local.http.max-connections=3", "openai.clients.local.http.max-keepalive-connections=2",
					"openai.clients.local.http.read-timeout=2s",
					"openai.clients.gateway.base-url=" + gateway.baseUrl(), "openai.clients.gateway.api-key=sk-gateway",
					"openai.clients.gateway.default-query.api-version=2025-01-01")
				.withUserConfiguration(Consumers.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).hasBean("localAsyncOpenAI").hasBean("gatewayAsyncOpenAI")
						.hasBean("localOpenAIHttpClient").hasBean("gatewayOpenAIHttpClient");
					Consumers consumers = context.getBean(Consumers.class);
					assertThat(consumers.main).isSameAs(context.getBean("asyncOpenAI"));
					consumers.main.models().retrieve("gpt-4o").block(TIMEOUT);
					consumers.local.models().retrieve("gpt-4o").block(TIMEOUT);
					consumers.gateway.models().retrieve("gpt-4o").block(TIMEOUT);
					transports[0] = context.getBean(OpenAIHttpClient.class);
					transports[1] = context.getBean("localOpenAIHttpClient", OpenAIHttpClient.class);
					transports[2] = context.getBean("gatewayOpenAIHttpClient", OpenAIHttpClient.class);
					assertThat(transports[1].name()).isEqualTo("openai-local");
					assertThat(transports[1].readTimeout()).isEqualTo(Duration.ofSeconds(2));
					assertThat(transports[2].readTimeout()).isEqualTo(transports[0].readTimeout());
				});
			assertThat(main.lastRequest().header("authorization")).isEqualTo("Bearer sk-main");
			assertThat(local.lastRequest().header("authorization")).isNull();
			assertThat(gateway.lastRequest().header("authorization")).isEqualTo("Bearer sk-gateway");
			assertThat(gateway.lastRequest().query()).isEqualTo("api-version=2025-01-01");
			assertThat(main.lastRequest().query()).isEmpty();
			for (MockOpenAIServer server : new MockOpenAIServer[] { main, local, gateway }) {
				assertThat(server.lastRequest().header("openai-organization")).isEqualTo("org-shared");
				assertThat(server.lastRequest().header("x-team")).isEqualTo("search");
			}
			assertThat(transports).allSatisfy((transport) -> assertThat(transport.isClosed()).isTrue());
		}
	}

	@Test
	void aCustomizerQualifiedWithANameServesThatClientOnly() {
		try (MockOpenAIServer main = MockOpenAIServer.start(); MockOpenAIServer local = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.base-url=" + main.baseUrl(), "openai.api-key=sk-main",
					"openai.clients.local.base-url=" + local.baseUrl())
				.withUserConfiguration(QualifiedCustomizers.class)
				.run((context) -> {
					context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT);
					context.getBean("localAsyncOpenAI", AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT);
				});
			assertThat(main.lastRequest().header("x-everyone")).isEqualTo("yes");
			assertThat(local.lastRequest().header("x-everyone")).isEqualTo("yes");
			assertThat(local.lastRequest().header("x-local-only")).isEqualTo("yes");
			assertThat(main.lastRequest().header("x-local-only")).isNull();
			assertThat(local.lastRequest().header("authorization")).as("inherited").isEqualTo("Bearer sk-main");
		}
	}

	@Test
	void theUnnamedClientCanBeSwitchedOffWhileNamedOnesExist() {
		try (MockOpenAIServer local = MockOpenAIServer.builder().compatible(true).start()) {
			runner().withPropertyValues("openai.default-client.enabled=false",
					"openai.clients.local.base-url=" + local.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed().doesNotHaveBean("asyncOpenAI").doesNotHaveBean("openAIHttpClient");
					assertThat(context).getBeans(AsyncOpenAI.class).containsOnlyKeys("localAsyncOpenAI");
					assertThat(context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT).id())
						.isEqualTo("gpt-4o");
				});
		}
	}

	@Test
	void aBeanOfTheApplicationWithANamedClientsBeanNameTakesItsPlace() {
		try (MockOpenAIServer local = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.api-key=sk-main", "openai.clients.local.base-url=" + local.baseUrl())
				.withUserConfiguration(OwnLocalClient.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					AsyncOpenAI own = context.getBean(OwnLocalClient.class).client;
					assertThat(context.getBean("localAsyncOpenAI")).isSameAs(own);
					assertThat(context).hasBean("localOpenAIHttpClient");
				});
		}
	}

	@Test
	void anInvalidValueOfANamedClientFailsNamingItsProperty() {
		runner().withPropertyValues("openai.api-key=sk-main", "openai.clients.azure.http.max-connections=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidConfigurationPropertyValueException cause = cause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(cause.getName()).isEqualTo("openai.clients.azure.http.max-connections");
				assertThat(cause.getReason()).contains("openai.clients.azure.http.max-connections must be at least 1");
			});
	}

	@Test
	void aNamedClientOfOpenAIWithoutAKeyFailsNamingItsKeyProperty() {
		runner().withPropertyValues("openai.base-url=http://127.0.0.1:1/v1",
				"openai.clients.real.base-url=https://api.openai.com/v1")
			.run((context) -> {
				assertThat(context).hasFailed();
				MissingApiKeyException cause = cause(context.getStartupFailure(), MissingApiKeyException.class);
				assertThat(cause.property()).isEqualTo("openai.clients.real.api-key");
				assertThat(new MissingApiKeyFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
					.contains("openai.clients.real.api-key");
			});
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
			.withPropertyValues("openai.http.trust-env=false");
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedCustomizers {

		@Bean
		AsyncOpenAIBuilderCustomizer everyone() {
			return (builder) -> builder.defaultHeader("X-Everyone", "yes");
		}

		@Bean
		@Qualifier("local")
		AsyncOpenAIBuilderCustomizer localOnly() {
			return (builder) -> builder.defaultHeader("X-Local-Only", "yes");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLocalClient {

		final AsyncOpenAI client = AsyncOpenAI.builder().apiKey("sk-own").baseUrl("http://127.0.0.1:1/v1").build();

		@Bean
		AsyncOpenAI localAsyncOpenAI() {
			return this.client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Consumers {

		AsyncOpenAI main;

		AsyncOpenAI local;

		AsyncOpenAI gateway;

		@Bean
		String consumers(AsyncOpenAI main, @Qualifier("local") AsyncOpenAI local,
				@Qualifier("gateway") AsyncOpenAI gateway) {
			this.main = main;
			this.local = local;
			this.gateway = gateway;
			return "consumers";
		}

	}

}
