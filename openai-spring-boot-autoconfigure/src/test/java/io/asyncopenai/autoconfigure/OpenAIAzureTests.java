package io.asyncopenai.autoconfigure;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.BearerToken;
import io.asyncopenai.core.BearerTokenSupplier;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.RecordedRequest;

import static io.asyncopenai.autoconfigure.StartupFailures.cause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure OpenAI clients from {@code openai.azure.*} and {@code kind: azure} on named clients,
 * proven on the wire: the {@code api-key} header, {@code api-version}, both path styles, and
 * Microsoft Entra ID tokens from a bean or azure-identity.
 */
class OpenAIAzureTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o-prod")
		.addUserMessage("Hello")
		.build();

	@Test
	void theDefaultClientIsAnAzureOneWhenItsEndpointIsSet() {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.azure.endpoint=" + endpoint(server), "openai.api-key=azure-key-1",
					"openai.azure.api-version=2024-10-21", "openai.azure.path-style=deployments")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					context.getBean(AsyncOpenAI.class).chat().completions().create(CHAT).block(TIMEOUT);
					context.getBean(AsyncOpenAI.class).files().list().collectList().block(TIMEOUT);
				});
			List<RecordedRequest> requests = server.requests();
			assertThat(requests).extracting(RecordedRequest::path)
				.containsExactly("/openai/deployments/gpt-4o-prod/chat/completions", "/openai/files");
			assertThat(requests).allSatisfy((request) -> {
				assertThat(request.queryParameters()).containsEntry("api-version", List.of("2024-10-21"));
				assertThat(request.header("api-key")).isEqualTo("azure-key-1");
				assertThat(request.header("authorization")).isNull();
			});
		}
	}

	@Test
	void aNamedAzureClientUsesTheV1PathsBesideAnOpenAIDefault() {
		try (MockOpenAIServer openai = MockOpenAIServer.start(); MockOpenAIServer azure = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.base-url=" + openai.baseUrl(), "openai.api-key=sk-openai",
					"openai.clients.azure.kind=azure", "openai.clients.azure.base-url=" + endpoint(azure),
					"openai.clients.azure.api-key=azure-key-2")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					context.getBean(AsyncOpenAI.class).chat().completions().create(CHAT).block(TIMEOUT);
					context.getBean("azureAsyncOpenAI", AsyncOpenAI.class).chat().completions().create(CHAT)
						.block(TIMEOUT);
				});
			assertThat(openai.lastRequest().path()).isEqualTo("/v1/chat/completions");
			assertThat(openai.lastRequest().header("authorization")).isEqualTo("Bearer sk-openai");
			assertThat(azure.lastRequest().path()).isEqualTo("/openai/v1/chat/completions");
			assertThat(azure.lastRequest().header("api-key")).isEqualTo("azure-key-2");
			assertThat(azure.lastRequest().header("authorization")).isNull();
		}
	}

	@Test
	void aNamedClientOfAnAzureDefaultCanBeAnOpenAIOne() {
		try (MockOpenAIServer local = MockOpenAIServer.builder().compatible(true).start()) {
			runner().withPropertyValues("openai.azure.endpoint=https://my-resource.openai.azure.com",
					"openai.api-key=azure-key", "openai.clients.local.kind=openai",
					"openai.clients.local.base-url=" + local.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(AsyncOpenAI.class).options().azure()).isNotNull();
					context.getBean("localAsyncOpenAI", AsyncOpenAI.class).chat().completions().create(CHAT)
						.block(TIMEOUT);
				});
			assertThat(local.lastRequest().path()).isEqualTo("/v1/chat/completions");
		}
	}

	@Test
	void aTokenSupplierBeanIsCalledOnceForAHundredConcurrentCalls() {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.azure.endpoint=" + endpoint(server))
				.withUserConfiguration(CountingTokens.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
					Flux.range(0, 100).flatMap((i) -> client.chat().completions().create(CHAT), 100).blockLast(TIMEOUT);
					assertThat(context.getBean(CountingTokens.class).fetches).hasValue(1);
				});
			assertThat(server.requests()).hasSize(100)
				.allSatisfy((request) -> assertThat(request.header("authorization")).isEqualTo("Bearer entra-token"));
		}
	}

	@Test
	void aTokenSupplierQualifiedWithAClientsNameServesThatClient() {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.azure.endpoint=" + endpoint(server),
					"openai.clients.eu.azure.endpoint=" + endpoint(server))
				.withUserConfiguration(QualifiedTokens.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT);
					assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer everyone");
					context.getBean("euAsyncOpenAI", AsyncOpenAI.class).models().list().blockLast(TIMEOUT);
					assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer eu-only");
				});
		}
	}

	@Test
	void azureIdentitysTokenCredentialBeanGivesTheTokensForTheCognitiveServicesScope() {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.azure.endpoint=" + endpoint(server))
				.withUserConfiguration(Credential.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT);
					assertThat(context.getBean(Credential.class).scopes)
						.containsExactly("https://cognitiveservices.azure.com/.default");
				});
			assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer from-azure-identity");
		}
	}

	@Test
	void withAzureIdentityAndNoKeyTheClientUsesDefaultAzureCredential() {
		runner().withPropertyValues("openai.azure.endpoint=https://my-resource.openai.azure.com").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(AsyncOpenAI.class).options().bearerTokenSupplier())
				.hasToString("CachingTokenSupplier{" + AzureIdentityTokens.class.getName() + "}");
			assertThat(context.getBean(AsyncOpenAI.class).options().bearerTokenSupplier().toString())
				.doesNotContain("token");
		});
	}

	@Test
	void withoutAzureIdentityAKeylessAzureClientFailsNamingItsProperty() {
		runner().withPropertyValues("openai.clients.eu.kind=azure",
				"openai.clients.eu.base-url=https://eu.openai.azure.com", "openai.api-key=sk-openai-only")
			.withClassLoader(new FilteredClassLoader("com.azure.identity"))
			.withPropertyValues("openai.clients.eu.api-key=")
			.run((context) -> {
				assertThat(context).hasFailed();
				MissingApiKeyException missing = cause(context.getStartupFailure(), MissingApiKeyException.class);
				assertThat(missing.property()).isEqualTo("openai.clients.eu.api-key");
				FailureAnalysis analysis = new MissingApiKeyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Azure OpenAI");
				assertThat(analysis.getAction()).contains("openai.clients.eu.api-key", "BearerTokenSupplier",
						"com.azure:azure-identity");
			});
	}

	@Test
	void badAzureSettingsFailNamingTheirProperty() {
		runner().withPropertyValues("openai.kind=azure", "openai.api-key=k").run((context) -> {
			assertThat(cause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class).getName())
				.isEqualTo("openai.azure.endpoint");
		});
		runner().withPropertyValues("openai.azure.endpoint=https://r.openai.azure.com", "openai.api-key=k",
				"openai.azure.path-style=deployments")
			.run((context) -> {
				InvalidConfigurationPropertyValueException invalid = cause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(invalid.getName()).isEqualTo("openai.azure.api-version");
				assertThat(invalid.getReason()).contains("openai.azure.api-version must be set");
			});
		runner().withPropertyValues("openai.clients.eu.azure.endpoint=ftp://r.openai.azure.com", "openai.api-key=k")
			.run((context) -> {
				InvalidConfigurationPropertyValueException invalid = cause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(invalid.getName()).isEqualTo("openai.clients.eu.azure.endpoint");
				assertThat(invalid.getValue()).isEqualTo("ftp://r.openai.azure.com");
			});
	}

	private static String endpoint(MockOpenAIServer server) {
		return server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
			.withPropertyValues("openai.http.trust-env=false");
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingTokens {

		final AtomicInteger fetches = new AtomicInteger();

		@Bean
		BearerTokenSupplier entraTokens() {
			return () -> Mono.delay(Duration.ofMillis(200)).map((tick) -> {
				this.fetches.incrementAndGet();
				return new BearerToken("entra-token", java.time.Instant.now().plus(Duration.ofHours(1)));
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedTokens {

		@Bean
		BearerTokenSupplier everyoneTokens() {
			return () -> Mono.just(BearerToken.of("everyone"));
		}

		@Bean
		@Qualifier("eu")
		BearerTokenSupplier euTokens() {
			return () -> Mono.just(BearerToken.of("eu-only"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Credential {

		final List<String> scopes = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		TokenCredential tokenCredential() {
			return (request) -> {
				this.scopes.addAll(request.getScopes());
				return Mono.just(new AccessToken("from-azure-identity", OffsetDateTime.now().plusHours(1)));
			};
		}

	}

}
