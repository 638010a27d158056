package io.asyncopenai;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.models.EasyInputMessage;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCompletedEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseCreatedEvent;
import io.asyncopenai.models.responses.ResponseInputItem;
import io.asyncopenai.models.responses.ResponseOutputItemAddedEvent;
import io.asyncopenai.models.responses.ResponseOutputItemDoneEvent;
import io.asyncopenai.models.responses.ResponseOutputMessage;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.models.responses.ResponseTextDoneEvent;
import io.asyncopenai.models.responses.UnknownResponseStreamEvent;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ResponsesTests {

	private static final ResponseCreateParams HELLO = ResponseCreateParams.builder()
		.model("gpt-4o")
		.instructions("Be brief.")
		.input("Tell me a story")
		.build();

	@Test
	void createReturnsTheResponseWithItsOutputText(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			Response response = client.openai().responses().create(HELLO).block(TestClient.TIMEOUT);
			assertThat(response.id()).startsWith("resp_");
			assertThat(response.status()).isEqualTo("completed");
			assertThat(response.outputText()).isEqualTo("Echo: Tell me a story");
			assertThat(response.output()).singleElement().isInstanceOf(ResponseOutputMessage.class);
			assertThat(response.usage().outputTokens()).isEqualTo(5);
			assertThat(response.instructions()).isEqualTo(Response.Instructions.of("Be brief."));
		}
		JsonNode sent = Json.read(server.lastRequest().body());
		assertThat(sent.toString()).isEqualTo(
				"{\"model\":\"gpt-4o\",\"input\":\"Tell me a story\",\"instructions\":\"Be brief.\"}");
	}

	@Test
	void inputItemsAreSentAsTheApiDocumentsThem(MockOpenAIServer server) {
		ResponseCreateParams params = ResponseCreateParams.builder()
			.model("gpt-4o")
			.input(List.of(message("user", "earlier"), message("assistant", "reply"), message("user", "latest")))
			.maxOutputTokens(50)
			.store(true)
			.build();
		try (TestClient client = TestClient.of(server)) {
			assertThat(client.openai().responses().create(params).block(TestClient.TIMEOUT).outputText())
				.isEqualTo("Echo: latest");
		}
		JsonNode sent = Json.read(server.lastRequest().body());
		assertThat(sent.at("/input/2")).isEqualTo(Json.read("{\"type\":\"message\",\"role\":\"user\",\"content\":\"latest\"}"));
		assertThat(sent.get("max_output_tokens").asInt()).isEqualTo(50);
	}

	@Test
	void createStreamingDeliversTypedEventsInOrder(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			List<ResponseStreamEvent> events = client.openai()
				.responses()
				.createStreaming(ResponseCreateParams.builder().model("gpt-4o").input("hi you").build())
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(events).extracting(ResponseStreamEvent::type)
				.containsExactly("response.created", "response.in_progress", "response.output_item.added",
						"response.content_part.added", "response.output_text.delta", "response.output_text.delta",
						"response.output_text.delta", "response.output_text.done", "response.content_part.done",
						"response.output_item.done", "response.completed");
			assertThat(events).extracting(ResponseStreamEvent::sequenceNumber)
				.containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
			assertThat(events.get(0)).isInstanceOf(ResponseCreatedEvent.class);
			assertThat(events.get(2)).isInstanceOf(ResponseOutputItemAddedEvent.class);
			StringBuilder text = new StringBuilder();
			events.stream()
				.filter(ResponseTextDeltaEvent.class::isInstance)
				.forEach((event) -> text.append(((ResponseTextDeltaEvent) event).delta()));
			assertThat(text).hasToString("Echo: hi you");
			assertThat(((ResponseTextDoneEvent) events.get(7)).text()).isEqualTo("Echo: hi you");
			assertThat(((ResponseOutputItemDoneEvent) events.get(9)).item()).isInstanceOf(ResponseOutputMessage.class);
			assertThat(((ResponseCompletedEvent) events.get(10)).response().outputText()).isEqualTo("Echo: hi you");
		}
		assertThat(Json.read(server.lastRequest().body()).get("stream").asBoolean()).isTrue();
	}

	@Test
	void retrieveDeleteAndCancelReachTheirEndpoints(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			Response created = client.openai().responses().create(HELLO).block(TestClient.TIMEOUT);
			assertThat(client.openai().responses().retrieve(created.id()).block(TestClient.TIMEOUT)).isEqualTo(created);
			StepVerifier.create(client.openai().responses().delete(created.id())).expectComplete().verify(TestClient.TIMEOUT);
			StepVerifier.create(client.openai().responses().retrieve(created.id()))
				.expectError(NotFoundException.class)
				.verify(TestClient.TIMEOUT);
			Response queued = client.openai()
				.responses()
				.create(ResponseCreateParams.builder().model("gpt-4o").input("later").background(true).build())
				.block(TestClient.TIMEOUT);
			assertThat(queued.status()).isEqualTo("queued");
			assertThat(client.openai().responses().cancel(queued.id()).block(TestClient.TIMEOUT).status())
				.isEqualTo("cancelled");
			StepVerifier.create(client.openai().responses().cancel(queued.id()))
				.expectError(BadRequestException.class)
				.verify(TestClient.TIMEOUT);
		}
		assertThat(server.requests())
			.extracting((request) -> request.method() + " " + request.path().replaceAll("resp_[0-9a-f]+", "{id}"))
			.containsExactly("POST /v1/responses", "GET /v1/responses/{id}", "DELETE /v1/responses/{id}",
					"GET /v1/responses/{id}", "POST /v1/responses", "POST /v1/responses/{id}/cancel",
					"POST /v1/responses/{id}/cancel");
	}

	@Test
	void unknownEventTypesArriveWithTheirJson(MockOpenAIServer server) {
		server.enqueue(io.asyncopenai.test.Fault.status(200)
			.header("content-type", "text/event-stream")
			.body("event: response.new_kind\ndata: {\"type\":\"response.new_kind\",\"sequence_number\":0,\"x\":1}\n\n"
					+ "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"m\","
					+ "\"output_index\":0,\"content_index\":0,\"delta\":\"hi\",\"sequence_number\":1,\"new_field\":true}\n\n"));
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().responses().createStreaming(HELLO)).assertNext((event) -> {
				assertThat(event).isInstanceOf(UnknownResponseStreamEvent.class);
				assertThat(event.type()).isEqualTo("response.new_kind");
				assertThat(((UnknownResponseStreamEvent) event).json().get("x").asInt()).isOne();
			}).assertNext((event) -> {
				ResponseTextDeltaEvent delta = (ResponseTextDeltaEvent) event;
				assertThat(delta.delta()).isEqualTo("hi");
				assertThat(delta.additionalProperties().get("new_field").asBoolean()).isTrue();
			}).expectComplete().verify(TestClient.TIMEOUT);
		}
	}

	private static ResponseInputItem message(String role, String text) {
		return ResponseInputItem.of(EasyInputMessage.builder().role(role).content(text).type("message").build());
	}

}
