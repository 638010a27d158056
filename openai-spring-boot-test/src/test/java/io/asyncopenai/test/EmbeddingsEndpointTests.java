package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(MockOpenAIServerExtension.class)
class EmbeddingsEndpointTests {

	private static final String PATH = "/v1/embeddings";

	@Test
	void embeddingsAreUnitFloatVectorsInTheApiShape(MockOpenAIServer server) {
		HttpResponse<String> http = Http.post(server, PATH,
				"{\"model\": \"text-embedding-3-small\", \"input\": [\"The food was delicious\", \"and the waiter\"]}");
		assertThat(http.statusCode()).isEqualTo(200);
		JsonNode response = Http.json(http);
		assertThat(response.get("object").asString()).isEqualTo("list");
		assertThat(response.get("model").asString()).isEqualTo("text-embedding-3-small");
		assertThat(response.get("data")).hasSize(2);
		for (int i = 0; i < 2; i++) {
			JsonNode embedding = response.get("data").get(i);
			assertThat(embedding.get("object").asString()).isEqualTo("embedding");
			assertThat(embedding.get("index").asInt()).isEqualTo(i);
			assertThat(embedding.get("embedding")).hasSize(1536);
			assertThat(norm(floats(embedding.get("embedding")))).isCloseTo(1.0, within(1e-4));
		}
		assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(7);
		assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(7);
	}

	@Test
	void sameInputEmbedsToTheSameVectorAndOtherInputsDiffer(MockOpenAIServer server) {
		JsonNode first = embed(server, "{\"model\": \"text-embedding-3-small\", \"input\": \"apple\"}");
		JsonNode again = embed(server, "{\"model\": \"text-embedding-3-small\", \"input\": [\"apple\", \"pear\"]}");
		assertThat(again.at("/data/0/embedding")).isEqualTo(first.at("/data/0/embedding"));
		assertThat(again.at("/data/1/embedding")).isNotEqualTo(first.at("/data/0/embedding"));
	}

	@Test
	void dimensionsShortenTheVectorAndKeepItNormalized(MockOpenAIServer server) {
		float[] full = floats(embed(server, "{\"model\": \"text-embedding-3-large\", \"input\": \"x\"}")
			.at("/data/0/embedding"));
		float[] short8 = floats(embed(server,
				"{\"model\": \"text-embedding-3-large\", \"input\": \"x\", \"dimensions\": 8}")
			.at("/data/0/embedding"));
		assertThat(full).hasSize(3072);
		assertThat(short8).hasSize(8);
		assertThat(norm(short8)).isCloseTo(1.0, within(1e-5));
		double scale = short8[0] / full[0];
		for (int i = 0; i < 8; i++) {
			assertThat((double) short8[i]).isCloseTo(full[i] * scale, within(1e-5));
		}
	}

	@Test
	void base64IsLittleEndianFloat32OfTheSameVector(MockOpenAIServer server) {
		JsonNode floats = embed(server, "{\"model\": \"text-embedding-3-small\", \"input\": \"x\", \"dimensions\": 64}");
		JsonNode base64 = embed(server, "{\"model\": \"text-embedding-3-small\", \"input\": \"x\", \"dimensions\": 64, "
				+ "\"encoding_format\": \"base64\"}");
		assertThat(base64.at("/data/0/embedding").isString()).isTrue();
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asString()))
			.order(ByteOrder.LITTLE_ENDIAN);
		assertThat(bytes.remaining()).isEqualTo(64 * Float.BYTES);
		float[] decoded = new float[64];
		bytes.asFloatBuffer().get(decoded);
		assertThat(decoded).containsExactly(floats(floats.at("/data/0/embedding")));
	}

	@Test
	void tokenArraysAreAcceptedAndCounted(MockOpenAIServer server) {
		JsonNode response = embed(server, "{\"model\": \"text-embedding-ada-002\", \"input\": [[1, 2, 3], [4, 5]]}");
		assertThat(response.get("data")).hasSize(2);
		assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
		JsonNode single = embed(server, "{\"model\": \"text-embedding-ada-002\", \"input\": [1, 2, 3]}");
		assertThat(single.get("data")).hasSize(1);
		assertThat(single.at("/data/0/embedding")).isEqualTo(response.at("/data/0/embedding"));
	}

	@Test
	void invalidRequestsGetTheApiErrors(MockOpenAIServer server) {
		HttpResponse<String> adaDimensions = Http.post(server, PATH,
				"{\"model\": \"text-embedding-ada-002\", \"input\": \"x\", \"dimensions\": 8}");
		assertThat(adaDimensions.statusCode()).isEqualTo(400);
		assertThat(Http.json(adaDimensions).at("/error/param").asString()).isEqualTo("dimensions");
		HttpResponse<String> tooMany = Http.post(server, PATH,
				"{\"model\": \"text-embedding-3-small\", \"input\": \"x\", \"dimensions\": 1537}");
		assertThat(tooMany.statusCode()).isEqualTo(400);
		HttpResponse<String> encoding = Http.post(server, PATH,
				"{\"model\": \"text-embedding-3-small\", \"input\": \"x\", \"encoding_format\": \"int8\"}");
		assertThat(encoding.statusCode()).isEqualTo(400);
		HttpResponse<String> noInput = Http.post(server, PATH, "{\"model\": \"text-embedding-3-small\"}");
		assertThat(Http.json(noInput).at("/error/code").asString()).isEqualTo("missing_required_parameter");
		HttpResponse<String> noModel = Http.post(server, PATH, "{\"input\": \"x\"}");
		assertThat(noModel.statusCode()).isEqualTo(400);
	}

	private static JsonNode embed(MockOpenAIServer server, String request) {
		HttpResponse<String> response = Http.post(server, PATH, request);
		assertThat(response.statusCode()).isEqualTo(200);
		return Http.json(response);
	}

	private static float[] floats(JsonNode array) {
		float[] values = new float[array.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i).floatValue();
		}
		return values;
	}

	private static double norm(float[] vector) {
		double sum = 0;
		for (float value : vector) {
			sum += (double) value * value;
		}
		return Math.sqrt(sum);
	}

}
