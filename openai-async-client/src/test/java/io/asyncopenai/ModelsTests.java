package io.asyncopenai;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.errors.PermissionDeniedException;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ModelsTests {

	@Test
	void listRetrieveAndDelete(MockOpenAIServer server) {
		server.addModel("ft:gpt-4o-mini:acme:suffix:abc123", "acme");
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().models().list().map(Model::id).collectList().block(TestClient.TIMEOUT))
				.contains("gpt-4o", "text-embedding-3-small", "ft:gpt-4o-mini:acme:suffix:abc123");
			assertThat(client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT).created())
				.isEqualTo(1686935002L);
			assertThat(client.openai()
				.models()
				.delete("ft:gpt-4o-mini:acme:suffix:abc123")
				.block(TestClient.TIMEOUT)
				.deleted()).isTrue();
			StepVerifier.create(client.openai().models().retrieve("ft:gpt-4o-mini:acme:suffix:abc123"))
				.expectError(NotFoundException.class)
				.verify(TestClient.TIMEOUT);
			StepVerifier.create(client.openai().models().delete("gpt-4o"))
				.expectError(PermissionDeniedException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests().get(2).path()).isEqualTo("/v1/models/ft:gpt-4o-mini:acme:suffix:abc123");
	}

}
