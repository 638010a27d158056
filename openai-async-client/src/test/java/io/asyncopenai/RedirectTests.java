package io.asyncopenai;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class RedirectTests {

	@Test
	void followsARedirectOnTheSameOriginWithItsHeaders(MockOpenAIServer server) {
		server.enqueue(Fault.redirect(307, "/v1/models/gpt-4o-mini"));
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.organization("org-1"))) {
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).id())
				.isEqualTo("gpt-4o-mini");
		}
		RecordedRequest redirected = server.lastRequest();
		assertThat(redirected.path()).isEqualTo("/v1/models/gpt-4o-mini");
		assertThat(redirected.header("authorization")).isEqualTo("Bearer " + TestClient.API_KEY);
		assertThat(redirected.header("openai-organization")).isEqualTo("org-1");
	}

	@Test
	void crossOriginRedirectDropsAuthorizationAndSecretHeaders(MockOpenAIServer server) {
		try (MockOpenAIServer other = MockOpenAIServer.start()) {
			server.enqueue(Fault.redirect(302, other.url("/v1/models/gpt-4o")));
			other.enqueue(Fault.status(200).header("content-type", "application/json")
				.body("{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1,\"owned_by\":\"other\"}"));
			try (TestClient client = TestClient.of(server,
					(transport) -> transport.header("X-Secret", "s3cret").sensitiveHeader("X-Secret")
						.header("X-Public", "p"),
					(builder) -> builder.organization("org-1").project("proj-1"))) {
				assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).ownedBy())
					.isEqualTo("other");
			}
			RecordedRequest arrived = other.lastRequest();
			assertThat(arrived.header("authorization")).isNull();
			assertThat(arrived.header("openai-organization")).isNull();
			assertThat(arrived.header("openai-project")).isNull();
			assertThat(arrived.header("x-secret")).isNull();
			assertThat(arrived.header("x-public")).isEqualTo("p");
			assertThat(arrived.headers().toString()).doesNotContain(TestClient.API_KEY);
		}
	}

	@Test
	void redirectsAreNotFollowedWhenDisabled(MockOpenAIServer server) {
		server.enqueue(Fault.redirect(307, "/v1/models/gpt-4o-mini"));
		try (TestClient client = TestClient.of(server, (transport) -> transport.followRedirects(false))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o")).expectErrorSatisfies((error) -> {
				assertThat(error).isExactlyInstanceOf(APIStatusException.class);
				assertThat(((APIStatusException) error).statusCode()).isEqualTo(307);
				assertThat(((APIStatusException) error).headers().get("location"))
					.containsExactly("/v1/models/gpt-4o-mini");
			}).verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(1);
	}

	@Test
	void redirectLoopPastMaxRedirectsFails(MockOpenAIServer server) {
		for (int i = 0; i < 10; i++) {
			server.enqueue(Fault.redirect(302, "/v1/models/gpt-4o"));
		}
		try (TestClient client = TestClient.of(server, (transport) -> transport.maxRedirects(3),
				(builder) -> builder.maxRetries(0))) {
			StepVerifier.create(client.openai().models().retrieve("gpt-4o"))
				.expectErrorSatisfies((error) -> assertThat(error).isExactlyInstanceOf(APIConnectionException.class)
					.hasMessageContaining("redirected more than 3 times"))
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).hasSize(4);
	}

}
