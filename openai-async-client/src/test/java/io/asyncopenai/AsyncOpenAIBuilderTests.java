package io.asyncopenai;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(MockOpenAIServerExtension.class)
class AsyncOpenAIBuilderTests {

	@Test
	void unsetOptionsComeFromTheEnvironment(MockOpenAIServer server) {
		try (AsyncOpenAI client = AsyncOpenAI.builder()
			.environment(Map.of("OPENAI_API_KEY", "sk-from-env", "OPENAI_BASE_URL", server.baseUrl(), "OPENAI_ORG_ID",
					"org-env", "OPENAI_PROJECT_ID", "proj-env"))
			.build()) {
			assertThat(client.options().apiKey()).isEqualTo("sk-from-env");
			assertThat(client.options().baseUrl()).isEqualTo(server.baseUrl());
			client.models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
		}
		assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer sk-from-env");
		assertThat(server.lastRequest().header("openai-organization")).isEqualTo("org-env");
		assertThat(server.lastRequest().header("openai-project")).isEqualTo("proj-env");
	}

	@Test
	void anOpenAICompatibleServerIsCalledWithoutAKeyWhenNoneIsSet() {
		try (MockOpenAIServer compatible = MockOpenAIServer.builder().apiKeyRequired(false).start();
				AsyncOpenAI client = AsyncOpenAI.builder().environment(Map.of()).baseUrl(compatible.baseUrl()).build()) {
			assertThat(client.options().apiKey()).isNull();
			assertThat(client.models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id()).isEqualTo("gpt-4o");
			assertThat(compatible.lastRequest().header("authorization")).isNull();
			assertThat(client.options().toString()).endsWith("apiKey=none}");
		}
	}

	@Test
	void openAIsOwnApiStillNeedsAKey() {
		assertThatExceptionOfType(OpenAIException.class)
			.isThrownBy(() -> AsyncOpenAI.builder().environment(Map.of()).build())
			.withMessageContaining("api key must be set");
		assertThatExceptionOfType(OpenAIException.class)
			.isThrownBy(() -> AsyncOpenAI.builder().environment(Map.of()).baseUrl("https://API.openai.com/v1").build());
	}

	@Test
	void builderValuesWinOverTheEnvironment() {
		try (AsyncOpenAI client = AsyncOpenAI.builder()
			.environment(Map.of("OPENAI_API_KEY", "sk-from-env", "OPENAI_BASE_URL", "http://env.invalid/v1"))
			.apiKey("sk-explicit")
			.baseUrl("http://127.0.0.1:9/v1/")
			.build()) {
			assertThat(client.options().apiKey()).isEqualTo("sk-explicit");
			assertThat(client.options().baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
		}
	}

	@Test
	void blankBuilderValuesFallBackToTheEnvironment() {
		try (AsyncOpenAI client = AsyncOpenAI.builder()
			.environment(Map.of("OPENAI_API_KEY", "sk-from-env", "OPENAI_BASE_URL", "http://127.0.0.1:9/env/",
					"OPENAI_ORG_ID", "org-env"))
			.apiKey(" ")
			.baseUrl("")
			.organization("")
			.maxRetries(4)
			.timeout(Duration.ofSeconds(7))
			.defaultHeader("X-Client", "c")
			.build()) {
			assertThat(client.options().apiKey()).isEqualTo("sk-from-env");
			assertThat(client.options().baseUrl()).isEqualTo("http://127.0.0.1:9/env");
			assertThat(client.options().organization()).isEqualTo("org-env");
			assertThat(client.options().project()).isNull();
			assertThat(client.options().maxRetries()).isEqualTo(4);
			assertThat(client.options().timeout()).isEqualTo(Duration.ofSeconds(7));
			assertThat(client.options().headers()).containsExactly(Map.entry("X-Client", "c"));
		}
	}

	@Test
	void defaultBaseUrlIsTheApi() {
		try (AsyncOpenAI client = AsyncOpenAI.builder().environment(Map.of()).apiKey("sk-x").build()) {
			assertThat(client.options().baseUrl()).isEqualTo("https://api.openai.com/v1");
			assertThat(client.options().maxRetries()).isEqualTo(2);
		}
	}

	@Test
	void missingApiKeyFailsNamingTheVariableAndTheProperty() {
		assertThatExceptionOfType(OpenAIException.class)
			.isThrownBy(() -> AsyncOpenAI.builder().environment(Map.of()).build())
			.withMessageContaining("OPENAI_API_KEY")
			.withMessageContaining("openai.api-key");
	}

	@Test
	void invalidBaseUrlFailsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AsyncOpenAI.builder().environment(Map.of()).apiKey("sk-x").baseUrl("ftp://x/v1").build())
			.withMessageContaining("ftp://x/v1");
	}

	@Test
	void apiKeyNeverShowsInToString() {
		String key = "sk-secret-value-123";
		try (AsyncOpenAI client = AsyncOpenAI.builder().environment(Map.of()).apiKey(key).build()) {
			assertThat(client.toString()).doesNotContain(key).contains("[redacted]");
			assertThat(client.options().toString()).doesNotContain(key);
			assertThat(client.httpClient().toString()).doesNotContain(key);
		}
	}

	@Test
	void closeReleasesATransportTheClientCreatedButNotOneItWasGiven() {
		AsyncOpenAI owning = AsyncOpenAI.builder().environment(Map.of()).apiKey("sk-x").build();
		owning.close();
		assertThat(owning.httpClient().isClosed()).isTrue();
		try (OpenAIHttpClient shared = OpenAIHttpClient.create()) {
			AsyncOpenAI borrowing = AsyncOpenAI.builder().environment(Map.of()).apiKey("sk-x").httpClient(shared).build();
			borrowing.close();
			assertThat(shared.isClosed()).isFalse();
		}
	}

	@Test
	void transportDefaultsAreThePythonSdks() {
		assertThat(OpenAIHttpClient.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(600));
		assertThat(OpenAIHttpClient.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
		assertThat(OpenAIHttpClient.DEFAULT_MAX_CONNECTIONS).isEqualTo(1000);
		assertThat(OpenAIHttpClient.DEFAULT_MAX_KEEP_ALIVE_CONNECTIONS).isEqualTo(100);
		assertThat(OpenAIHttpClient.DEFAULT_KEEP_ALIVE_EXPIRY).isEqualTo(Duration.ofSeconds(5));
		assertThat(OpenAIHttpClient.DEFAULT_MAX_REDIRECTS).isEqualTo(20);
		try (OpenAIHttpClient transport = OpenAIHttpClient.create()) {
			assertThat(transport.readTimeout()).isEqualTo(Duration.ofSeconds(600));
			assertThat(transport.followRedirects()).isTrue();
			assertThat(transport.maxRedirects()).isEqualTo(20);
		}
	}

	@Test
	void contradictoryTransportSettingsFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenAIHttpClient.builder().maxConnections(10).maxKeepAliveConnections(11).build())
			.withMessageContaining("maxKeepAliveConnections (11)");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenAIHttpClient.builder().timeout(Duration.ZERO))
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> OpenAIHttpClient.builder().proxy("ftp://proxy:21"))
			.withMessageContaining("ftp");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OpenAIHttpClient.builder().trustedCertificates("not a certificate"));
	}

}
