package io.asyncopenai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.errors.AuthenticationException;
import io.asyncopenai.errors.WebSocketClosedException;
import io.asyncopenai.models.responses.ResponseCompletedEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseStreamEvents;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.models.responses.ResponseWsError;
import io.asyncopenai.models.responses.ResponsesServerEvent;
import io.asyncopenai.services.responses.ResponsesConnection;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.MockWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Responses API's WebSocket mode against {@link MockOpenAIServer}: several responses on one
 * connection, as the same event records as the server-sent event stream.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class ResponsesConnectionTests {

	private static final Duration WAIT = TestClient.TIMEOUT;

	@Test
	void responsesFollowOneAnotherOnOneConnectionAsTheStreamsEventRecords(MockOpenAIServer server)
			throws Exception {
		try (TestClient client = TestClient.of(server)) {
			ResponsesConnection connection = client.openai().responses().connect().block(WAIT);
			List<ResponsesServerEvent> events = new ArrayList<>();
			Flux<ResponsesServerEvent> two = connection.events()
				.doOnNext(events::add)
				.filter(ResponseCompletedEvent.class::isInstance)
				.take(2);
			connection.create(params("First question"))
				.then(connection.create(params("Second question")))
				.block(WAIT);
			List<ResponsesServerEvent> completed = two.collectList().block(WAIT);
			assertThat(completed).hasSize(2);
			assertThat(((ResponseCompletedEvent) completed.get(0)).response().outputText())
				.isEqualTo("Echo: First question");
			assertThat(((ResponseCompletedEvent) completed.get(1)).response().outputText())
				.isEqualTo("Echo: Second question");
			assertThat(events).allMatch(ResponseStreamEvent.class::isInstance);
			String deltas = events.stream()
				.filter(ResponseTextDeltaEvent.class::isInstance)
				.map((event) -> ((ResponseTextDeltaEvent) event).delta())
				.collect(Collectors.joining());
			assertThat(deltas).isEqualTo("Echo: First questionEcho: Second question");
			assertThat(ResponseStreamEvents.finalResponse((ResponseStreamEvent) completed.get(1)).outputText())
				.isEqualTo("Echo: Second question");
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			assertThat(socket.protocol()).isEqualTo("responses");
			assertThat(socket.request().path()).isEqualTo("/v1/responses");
			assertThat(socket.request().header("authorization")).isEqualTo("Bearer " + TestClient.API_KEY);
			JsonNode sent = OpenAIJson.mapper().readTree(socket.received().get(0));
			assertThat(sent.propertyNames().iterator().next()).isEqualTo("type");
			assertThat(sent.get("type").asString()).isEqualTo("response.create");
			assertThat(sent.get("model").asString()).isEqualTo("gpt-4o");
			assertThat(sent.has("stream")).isFalse();
		}
	}

	@Test
	void aLaneNamedByStreamIdIsEchoedOnItsEvents(MockOpenAIServer server) throws Exception {
		try (TestClient client = TestClient.of(server)) {
			ResponsesConnection connection = client.openai().responses().connect().block(WAIT);
			Flux<ResponsesServerEvent> answer = connection.events()
				.takeUntil(ResponseCompletedEvent.class::isInstance);
			connection.create(params("On a lane"), "agent_1").block(WAIT);
			List<ResponsesServerEvent> events = answer.collectList().block(WAIT);
			assertThat(events).isNotEmpty().allSatisfy((event) -> assertThat(
					OpenAIJson.mapper().valueToTree(event).path("stream_id").asString("")).isEqualTo("agent_1"));
			assertThat(((ResponseCompletedEvent) events.get(events.size() - 1)).additionalProperties()
				.get("stream_id")
				.asString()).isEqualTo("agent_1");
			JsonNode sent = OpenAIJson.mapper().readTree(server.awaitWebSockets(1, WAIT).get(0).received().get(0));
			assertThat(sent.get("stream_id").asString()).isEqualTo("agent_1");
		}
	}

	@Test
	void aRefusedRequestIsAWebSocketErrorEventAndTheConnectionStaysOpen(MockOpenAIServer server) {
		try (TestClient client = TestClient.of(server)) {
			ResponsesConnection connection = client.openai().responses().connect().block(WAIT);
			StepVerifier.create(connection.events())
				.then(() -> connection.sendJson("{\"type\":\"response.create\",\"model\":\"gpt-4o\",\"input\":\"x\","
						+ "\"background\":true}").block(WAIT))
				.assertNext((event) -> {
					ResponseWsError error = (ResponseWsError) event;
					assertThat(error.status()).isEqualTo(400);
					assertThat(error.error().type()).isEqualTo("invalid_request_error");
				})
				.then(() -> connection.create(params("Still here")).block(WAIT))
				.thenConsumeWhile((event) -> !(event instanceof ResponseCompletedEvent))
				.expectNextMatches((event) -> ((ResponseCompletedEvent) event).response()
					.outputText()
					.equals("Echo: Still here"))
				.thenCancel()
				.verify(WAIT);
		}
	}

	@Test
	void aServerErrorEventArrivesTypedBetweenResponses(MockOpenAIServer server) {
		server.enqueue("/v1/responses", Fault.errorEvent(0, "server_error", "The server had an error"));
		try (TestClient client = TestClient.of(server)) {
			ResponsesConnection connection = client.openai().responses().connect().block(WAIT);
			StepVerifier.create(connection.events())
				.then(() -> connection.create(params("Hello")).block(WAIT))
				.assertNext((event) -> assertThat(((ResponseWsError) event).error().message())
					.isEqualTo("The server had an error"))
				.thenCancel()
				.verify(WAIT);
		}
	}

	@Test
	void aRefusedHandshakeFailsWithTheExceptionOfItsStatus(MockOpenAIServer server) {
		server.rejectApiKey(TestClient.API_KEY);
		try (TestClient client = TestClient.of(server)) {
			StepVerifier.create(client.openai().responses().connect())
				.expectError(AuthenticationException.class)
				.verify(WAIT);
		}
	}

	@Test
	void aServerThatGoesAwayMidResponseFailsTheEventsWithItsCode(MockOpenAIServer server) {
		server.enqueue("/v1/responses", Fault.closeWebSocket(3, 1011, "internal error"));
		try (TestClient client = TestClient.of(server)) {
			ResponsesConnection connection = client.openai().responses().connect().block(WAIT);
			StepVerifier.create(connection.events())
				.then(() -> connection.create(params("Cut short")).block(WAIT))
				.expectNextCount(3)
				.expectErrorSatisfies((error) -> assertThat(error)
					.isInstanceOfSatisfying(WebSocketClosedException.class,
							(closed) -> assertThat(closed.closeCode()).isEqualTo(1011)))
				.verify(WAIT);
		}
	}

	private static ResponseCreateParams params(String input) {
		return ResponseCreateParams.builder().model("gpt-4o").input(input).build();
	}

}
