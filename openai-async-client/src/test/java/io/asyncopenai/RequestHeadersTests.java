package io.asyncopenai;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class RequestHeadersTests {

	@Test
	void everyRequestCarriesAuthUserAgentAndJsonHeaders(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server, (transport) -> transport,
				(builder) -> builder.organization("org-1").project("proj-1"))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.header("authorization")).isEqualTo("Bearer " + TestClient.API_KEY);
		assertThat(request.header("openai-organization")).isEqualTo("org-1");
		assertThat(request.header("openai-project")).isEqualTo("proj-1");
		assertThat(request.header("user-agent")).isEqualTo(ApiCaller.USER_AGENT)
			.matches("AsyncOpenAI/Java \\d+\\.\\d+\\.\\d+.*");
		assertThat(request.header("accept")).isEqualTo("application/json");
		assertThat(request.header("x-stainless-retry-count")).isEqualTo("0");
	}

	@Test
	void organizationAndProjectAreOmittedWhenUnset(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			client.openai().models().list().blockLast(TestClient.TIMEOUT);
		}
		assertThat(server.lastRequest().header("openai-organization")).isNull();
		assertThat(server.lastRequest().header("openai-project")).isNull();
	}

	@Test
	void defaultHeadersOfTransportAndClientAndRequestHeadersArriveWithRequestWinning(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server, (transport) -> transport.header("X-Transport", "t"),
				(builder) -> builder.defaultHeader("X-Client", "c").defaultHeader("X-Override", "client"))) {
			client.openai()
				.models()
				.retrieve("gpt-4o", RequestOptions.builder().header("X-Override", "request").build())
				.block(TestClient.TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.header("x-transport")).isEqualTo("t");
		assertThat(request.header("x-client")).isEqualTo("c");
		assertThat(request.headerValues("x-override")).containsExactly("request");
	}

	@Test
	void extraQueryParametersReachTheServer(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			client.openai()
				.models()
				.retrieve("gpt-4o", RequestOptions.builder().queryParameter("a b", "c&d").build())
				.block(TestClient.TIMEOUT);
		}
		assertThat(server.lastRequest().queryParameters()).containsEntry("a b", java.util.List.of("c&d"));
	}

	@Test
	void jsonBodiesAreSentWithTheirLengthNotChunked(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			client.openai()
				.post("/embeddings", Map.of("model", "text-embedding-3-small", "input", "x"), JsonNode.class)
				.block(TestClient.TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.header("transfer-encoding")).isNull();
		assertThat(request.header("content-length"))
			.isEqualTo(Integer.toString(request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
	}

	@Test
	void queryParametersOfOneCallDoNotStayWithItsPath(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			client.openai().get("/models", JsonNode.class).block(TestClient.TIMEOUT);
			client.openai()
				.request(HttpMethod.GET, "/models", null, JsonNode.class,
						RequestOptions.builder().queryParameter("after", "m1").build())
				.block(TestClient.TIMEOUT);
			client.openai().get("/models", JsonNode.class).block(TestClient.TIMEOUT);
		}
		assertThat(server.requests()).extracting(RecordedRequest::queryParameters)
			.containsExactly(Map.of(), Map.of("after", java.util.List.of("m1")), Map.of());
	}

	@Test
	void untypedCallsShareAuthAndErrors(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			JsonNode model = client.openai().get("/models/gpt-4o", JsonNode.class).block(TestClient.TIMEOUT);
			assertThat(model.get("id").asString()).isEqualTo("gpt-4o");
			Model typed = client.openai().get("/models/gpt-4o", Model.class).block(TestClient.TIMEOUT);
			assertThat(typed.ownedBy()).isEqualTo("system");
			JsonNode embedding = client.openai()
				.post("/embeddings", Map.of("model", "text-embedding-3-small", "input", "x", "dimensions", 2),
						JsonNode.class)
				.block(TestClient.TIMEOUT);
			assertThat(embedding.at("/data/0/embedding")).hasSize(2);
			assertThat(client.openai()
				.postStreaming("/chat/completions",
						Map.of("model", "gpt-4o", "messages", java.util.List.of(Map.of("role", "user", "content", "x"))),
						RequestOptions.none())
				.count()
				.block(TestClient.TIMEOUT)).isEqualTo(4);
		}
		assertThat(server.requests()).allMatch((request) -> request.header("authorization") != null);
	}

}
