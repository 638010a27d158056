package io.asyncopenai.test;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ModelsEndpointTests {

	@Test
	void listHasTheApiShape(MockOpenAIServer server) {
		JsonNode list = Http.json(Http.get(server, "/v1/models"));
		assertThat(list.get("object").asString()).isEqualTo("list");
		assertThat(list.get("data")).isNotEmpty();
		assertThat(list.get("data")).allSatisfy((model) -> {
			assertThat(model.get("object").asString()).isEqualTo("model");
			assertThat(model.get("id").isString()).isTrue();
			assertThat(model.get("created").isIntegralNumber()).isTrue();
			assertThat(model.get("owned_by").isString()).isTrue();
		});
		assertThat(list.get("data")).extracting((model) -> model.get("id").asString())
			.contains("gpt-4o", "text-embedding-3-small");
	}

	@Test
	void retrieveFindsAModelOrAnswersModelNotFound(MockOpenAIServer server) {
		JsonNode model = Http.json(Http.get(server, "/v1/models/gpt-4o"));
		assertThat(model.toString())
			.isEqualTo("{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1686935002,\"owned_by\":\"system\"}");
		HttpResponse<String> missing = Http.get(server, "/v1/models/gpt-0");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(Http.json(missing).at("/error/code").asString()).isEqualTo("model_not_found");
	}

	@Test
	void fineTunedModelsCanBeAddedAndDeleted(MockOpenAIServer server) {
		server.addModel("ft:gpt-4o-mini:acme:suffix:abc123", "acme");
		String path = "/v1/models/ft:gpt-4o-mini:acme:suffix:abc123";
		assertThat(Http.get(server, path).statusCode()).isEqualTo(200);
		JsonNode deleted = Http.json(Http.delete(server, path));
		assertThat(deleted.toString()).isEqualTo(
				"{\"id\":\"ft:gpt-4o-mini:acme:suffix:abc123\",\"object\":\"model\",\"deleted\":true}");
		assertThat(Http.get(server, path).statusCode()).isEqualTo(404);
		assertThat(Http.delete(server, path).statusCode()).isEqualTo(404);
	}

	@Test
	void baseModelsCannotBeDeleted(MockOpenAIServer server) {
		assertThat(Http.delete(server, "/v1/models/gpt-4o").statusCode()).isEqualTo(403);
		assertThat(Http.get(server, "/v1/models/gpt-4o").statusCode()).isEqualTo(200);
	}

}
