package io.asyncopenai;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(MockOpenAIServerExtension.class)
class UriTemplateCallsTests {

	private static final String MODEL = "ft:gpt-4o-mini:acme/x y";

	@Test
	void observationsRecordTheTemplateWhileTheServerGetsTheEncodedValues(MockOpenAIServer server) {
		server.addModel(MODEL, "acme");
		List<ClientRequestObservationContext> observed = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new Recorder(observed));
		try (TestClient client = TestClient.of(server,
				(transport) -> transport.webClientBuilder(WebClient.builder().observationRegistry(registry)))) {
			Model model = client.openai().get("/models/{model}", Map.of("model", MODEL), Model.class)
				.block(TestClient.TIMEOUT);
			assertThat(model.id()).isEqualTo(MODEL);
		}
		assertThat(server.lastRequest().path()).isEqualTo("/v1/models/ft:gpt-4o-mini:acme%2Fx%20y");
		assertThat(observed).singleElement().satisfies((observation) -> {
			assertThat(observation.getUriTemplate()).isEqualTo(server.baseUrl() + "/models/{model}");
			assertThat(observation.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/v1/models/{model}");
		});
	}

	@Test
	void postAndDeleteExpandTheirTemplates(MockOpenAIServer server) {
		server.addModel(MODEL, "acme");
		server.enqueue("/v1/vector_stores/vs%201/files", Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"file_1\",\"object\":\"vector_store.file\"}"));
		try (TestClient client = TestClient.of(server)) {
			JsonNode file = client.openai()
				.post("/vector_stores/{vector_store_id}/files", Map.of("vector_store_id", "vs 1"),
						Map.of("file_id", "file_1"), JsonNode.class)
				.block(TestClient.TIMEOUT);
			assertThat(file.get("object").asString()).isEqualTo("vector_store.file");
			JsonNode deleted = client.openai()
				.delete("/models/{model}", Map.of("model", MODEL), JsonNode.class)
				.block(TestClient.TIMEOUT);
			assertThat(deleted.get("deleted").asBoolean()).isTrue();
		}
		assertThat(server.requests()).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::body)
			.containsExactly(tuple("POST", "/v1/vector_stores/vs%201/files", "{\"file_id\":\"file_1\"}"),
					tuple("DELETE", "/v1/models/ft:gpt-4o-mini:acme%2Fx%20y", ""));
	}

	@Test
	void requestTakesOptionsAndAVoidTypeForAnEmptyAnswer(MockOpenAIServer server) {
		server.enqueue(Fault.status(200));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.request(HttpMethod.DELETE, "/containers/{container_id}/files/{file_id}",
							Map.of("container_id", "cntr_1", "file_id", "cfile_2"), null, Void.class,
							RequestOptions.builder().queryParameter("a", "b").header("X-Extra", "1").build()))
				.expectComplete()
				.verify(TestClient.TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.path()).isEqualTo("/v1/containers/cntr_1/files/cfile_2");
		assertThat(request.query()).isEqualTo("a=b");
		assertThat(request.header("x-extra")).isEqualTo("1");
	}

	@Test
	void streamSendsAGetWithoutBodyOrAPostWithStreamTrue(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier
				.create(client.openai()
					.stream(HttpMethod.GET, "/responses/{response_id}", Map.of("response_id", "resp_1"), null,
							RequestOptions.builder().queryParameter("stream", "true").build())
					.map((event) -> event.get("n").asInt()))
				.expectNext(1, 2)
				.expectComplete()
				.verify(TestClient.TIMEOUT);
			assertThat(client.openai()
				.stream(HttpMethod.POST, "/chat/completions", Map.of(),
						Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", "x"))),
						RequestOptions.none())
				.count()
				.block(TestClient.TIMEOUT)).isEqualTo(4);
		}
		List<RecordedRequest> requests = server.requests();
		assertThat(requests.get(0).method()).isEqualTo("GET");
		assertThat(requests.get(0).path()).isEqualTo("/v1/responses/resp_1");
		assertThat(requests.get(0).body()).isEmpty();
		assertThat(requests.get(1).body()).startsWith("{\"stream\":true,");
	}

	@Test
	void aPlaceholderWithoutAValueOrAValueWithoutAPlaceholderFailsNamingIt(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> client.openai().get("/files/{file_id}/content", Map.of(), JsonNode.class))
				.withMessageContaining("{file_id}");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> client.openai()
					.get("/files/{file_id}", Map.of("file_id", "f", "fileId", "f"), JsonNode.class))
				.withMessageContaining("fileId");
		}
		assertThat(server.requestCount()).isZero();
	}

	private record Recorder(List<ClientRequestObservationContext> observed)
			implements ObservationHandler<ClientRequestObservationContext> {

		@Override
		public void onStop(ClientRequestObservationContext context) {
			this.observed.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ClientRequestObservationContext;
		}

	}

}
