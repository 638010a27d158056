package io.asyncopenai.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(MockOpenAIServerExtension.class)
class ApiCallerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String EVENTS = "text/event-stream";

	private OpenAIHttpClient transport;

	@BeforeEach
	void createTransport() {
		this.transport = OpenAIHttpClient.builder().trustEnv(false).build();
	}

	@AfterEach
	void closeTransport() {
		this.transport.close();
	}

	@Test
	void executeDecodesIntoAGenericTypeWithTheClientsHeaders(MockOpenAIServer server) {
		ApiCaller caller = caller(server);
		JavaType type = caller.mapper().getTypeFactory().constructMapType(Map.class, String.class, Object.class);
		Map<String, Object> model = caller
			.<Map<String, Object>>execute(HttpMethod.GET, ApiPath.of("/models/{model}", "gpt-4o"), null, type,
					RequestOptions.none())
			.block(TIMEOUT);
		assertThat(model).containsEntry("id", "gpt-4o").containsEntry("owned_by", "system");
		RecordedRequest request = server.lastRequest();
		assertThat(request.header("authorization")).isEqualTo("Bearer sk-caller");
		assertThat(request.header("user-agent")).isEqualTo(ApiCaller.USER_AGENT);
		assertThat(request.header("x-stainless-retry-count")).isEqualTo("0");
	}

	@Test
	void executeMapsErrorStatusesAsTheClientDoes(MockOpenAIServer server) {
		StepVerifier
			.create(caller(server).execute(HttpMethod.GET, ApiPath.of("/models/{model}", "nope"), null, Model.class,
					RequestOptions.none()))
			.expectError(NotFoundException.class)
			.verify(TIMEOUT);
	}

	@Test
	void queryPairsOfThePathReachTheServerBeforeTheRequestOptionsOnes(MockOpenAIServer server) {
		ApiPath path = ApiPath.of("/models/{model}", Map.of("model", "gpt-4o"))
			.query("include[]", List.of("a b", "c"))
			.query("limit", 10)
			.query("order", null);
		caller(server)
			.execute(HttpMethod.GET, path, null, JsonNode.class,
					RequestOptions.builder().queryParameter("after", "m&1").build())
			.block(TIMEOUT);
		RecordedRequest request = server.lastRequest();
		assertThat(request.path()).isEqualTo("/v1/models/gpt-4o");
		assertThat(request.query()).isEqualTo("include%5B%5D=a%20b&include%5B%5D=c&limit=10&after=m%261");
		assertThat(request.queryParameters()).containsExactly(Map.entry("include[]", List.of("a b", "c")),
				Map.entry("limit", List.of("10")), Map.entry("after", List.of("m&1")));
	}

	@Test
	void aVoidResponseIsReadAndDroppedAndCompletesEmpty(MockOpenAIServer server) {
		server.enqueue(Fault.status(200), Fault.status(200)
			.header("content-type", "application/json")
			.body("{\"id\":\"x\",\"deleted\":true}"));
		ApiCaller caller = caller(server);
		ApiPath path = ApiPath.of("/containers/{container_id}", Map.of("container_id", "cntr_1"));
		StepVerifier.create(caller.execute(HttpMethod.DELETE, path, null, Void.class, RequestOptions.none()))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(caller.execute(HttpMethod.DELETE, path, null, Void.class, RequestOptions.none()))
			.expectComplete()
			.verify(TIMEOUT);
		caller.execute(HttpMethod.GET, ApiPath.literal("/models"), null, JsonNode.class, RequestOptions.none())
			.block(TIMEOUT);
		List<RecordedRequest> requests = server.requests();
		assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path)
			.containsExactly(tuple("DELETE", "/v1/containers/cntr_1"), tuple("DELETE", "/v1/containers/cntr_1"),
					tuple("GET", "/v1/models"));
		// Each body was read to its end, so the one connection went back to the pool each time.
		assertThat(requests).extracting(RecordedRequest::connectionId).containsOnly(requests.get(0).connectionId());
	}

	@Test
	void aGetWithoutBodyStreamsEventsIntoTheirType(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", EVENTS)
			.body("data: {\"n\":1,\"text\":\"a\"}\n\ndata: {\"n\":2,\"text\":\"b\"}\n\ndata: [DONE]\n\n"));
		ApiPath path = ApiPath.of("/responses/{response_id}", Map.of("response_id", "resp_1")).query("stream", true);
		StepVerifier.create(caller(server).stream(HttpMethod.GET, path, null, Event.class, RequestOptions.none()))
			.expectNext(new Event(1, "a"), new Event(2, "b"))
			.expectComplete()
			.verify(TIMEOUT);
		RecordedRequest request = server.lastRequest();
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/v1/responses/resp_1");
		assertThat(request.query()).isEqualTo("stream=true");
		assertThat(request.body()).isEmpty();
	}

	@Test
	void aStreamedBodyGetsStreamTrueAsItsFirstMember(MockOpenAIServer server) {
		List<JsonNode> chunks = caller(server)
			.stream(HttpMethod.POST, ApiPath.literal("/chat/completions"),
					Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", "one two"))),
					JsonNode.class, RequestOptions.none())
			.collectList()
			.block(TIMEOUT);
		assertThat(chunks).isNotEmpty().allSatisfy((chunk) -> assertThat(chunk.get("object").asString())
			.isEqualTo("chat.completion.chunk"));
		assertThat(server.lastRequest().body()).startsWith("{\"stream\":true,");
	}

	@Test
	void withOptionsSendsOtherOptionsOverTheSameTransport(MockOpenAIServer server) {
		ApiCaller caller = caller(server);
		ApiCaller other = caller.withOptions(caller.options().toBuilder().header("X-Other", "1").build());
		assertThat(other.transport()).isSameAs(caller.transport());
		assertThat(other.mapper()).isSameAs(caller.mapper());
		other.execute(HttpMethod.GET, ApiPath.literal("/models"), null, JsonNode.class, RequestOptions.none())
			.block(TIMEOUT);
		assertThat(server.lastRequest().header("x-other")).isEqualTo("1");
		caller.execute(HttpMethod.GET, ApiPath.literal("/models"), null, JsonNode.class, RequestOptions.none())
			.block(TIMEOUT);
		assertThat(server.lastRequest().header("x-other")).isNull();
	}

	@Test
	void toStringShowsNoApiKey(MockOpenAIServer server) {
		assertThat(caller(server).toString()).doesNotContain("sk-caller");
	}

	private ApiCaller caller(MockOpenAIServer server) {
		ClientOptions options = ClientOptions.builder().apiKey("sk-caller").baseUrl(server.baseUrl()).build();
		return new ApiCaller(this.transport, options, OpenAIJson.mapper());
	}

	record Event(int n, String text) {

	}

}
