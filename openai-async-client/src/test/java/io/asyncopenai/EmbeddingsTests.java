package io.asyncopenai;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.models.embeddings.CreateEmbeddingResponse;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class EmbeddingsTests {

	@Test
	void asksForBase64WhenNoFormatIsSetAndDecodesTheSameFloats(MockOpenAIServer server) {
		EmbeddingCreateParams params = EmbeddingCreateParams.builder()
			.model("text-embedding-3-small")
			.input(List.of("apple", "pear"))
			.dimensions(64)
			.build();
		try (TestClient client = TestClient.of(server)) {
			CreateEmbeddingResponse base64 = client.openai().embeddings().create(params).block(TestClient.TIMEOUT);
			CreateEmbeddingResponse floats = client.openai()
				.embeddings()
				.create(EmbeddingCreateParams.builder()
					.model("text-embedding-3-small")
					.input(List.of("apple", "pear"))
					.dimensions(64)
					.encodingFormat("float")
					.build())
				.block(TestClient.TIMEOUT);
			assertThat(base64.data()).hasSize(2);
			assertThat(base64.data().get(0).embedding()).hasSize(64)
				.containsExactly(floats.data().get(0).embedding());
			assertThat(base64.data().get(1).embedding()).containsExactly(floats.data().get(1).embedding());
			assertThat(base64.data().get(1).index()).isOne();
			assertThat(base64.usage().promptTokens()).isEqualTo(2);
			assertThat(base64.model()).isEqualTo("text-embedding-3-small");
		}
		assertThat(Json.read(server.requests().get(0).body()).get("encoding_format").asString()).isEqualTo("base64");
		assertThat(Json.read(server.requests().get(1).body()).get("encoding_format").asString()).isEqualTo("float");
		assertThat(server.requests().get(0).body()).contains("\"input\":[\"apple\",\"pear\"]")
			.contains("\"dimensions\":64");
	}

	@Test
	void oneStringInputIsSentAsAString(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			client.openai()
				.embeddings()
				.create(EmbeddingCreateParams.builder().model("text-embedding-3-small").input("hello").build())
				.block(TestClient.TIMEOUT);
		}
		assertThat(Json.read(server.lastRequest().body()).get("input").asString()).isEqualTo("hello");
	}

}
