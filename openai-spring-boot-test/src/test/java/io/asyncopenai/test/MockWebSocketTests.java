package io.asyncopenai.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock's WebSocket protocols, with a bare client: every client event of the Realtime API
 * gets its answer, every event the mock sends is valid against the description, and the
 * Responses WebSocket answers as {@code POST /v1/responses} streams.
 */
class MockWebSocketTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void aRealtimeSessionAnswersEveryClientEventWithEventsValidAgainstTheDescription() throws Exception {
		List<JsonNode> all = new ArrayList<>();
		try (MockOpenAIServer server = MockOpenAIServer.start();
				WebSocketClient client = WebSocketClient.open(server, "/v1/realtime?model=gpt-realtime-mini")) {
			JsonNode created = client.next();
			all.add(created);
			assertThat(created.get("type").asString()).isEqualTo("session.created");
			assertThat(created.at("/session/model").asString()).isEqualTo("gpt-realtime-mini");

			client.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"],"
					+ "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
					+ "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]}}");
			JsonNode updated = client.next();
			all.add(updated);
			assertThat(updated.at("/session/output_modalities/0").asString()).isEqualTo("text");

			client.send(userText("Hello there"));
			List<JsonNode> added = client.untilType("conversation.item.done");
			all.addAll(added);
			String userItem = added.get(added.size() - 1).at("/item/id").asString();
			client.send("{\"type\":\"response.create\"}");
			List<JsonNode> answer = client.untilType("response.done");
			all.addAll(answer);
			assertThat(types(answer)).containsExactly("response.created", "response.output_item.added",
					"conversation.item.added", "response.content_part.added", "response.output_text.delta",
					"response.output_text.delta", "response.output_text.delta", "response.output_text.done",
					"response.content_part.done", "response.output_item.done", "conversation.item.done", "response.done");
			assertThat(text(answer, "response.output_text.delta", "delta")).isEqualTo("Echo: Hello there");
			assertThat(answer.get(answer.size() - 1).at("/response/status").asString()).isEqualTo("completed");

			client.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
					+ Base64.getEncoder().encodeToString(new byte[960]) + "\"}");
			client.send("{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"evt_commit\"}");
			List<JsonNode> committed = client.untilType("conversation.item.done");
			all.addAll(committed);
			assertThat(types(committed)).containsExactly("input_audio_buffer.committed", "conversation.item.added",
					"conversation.item.done");
			assertThat(committed.get(2).at("/item/content/0/transcript").asString()).isEqualTo("960 bytes of audio");
			client.send("{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"evt_empty\"}");
			JsonNode empty = client.next();
			all.add(empty);
			assertThat(empty.at("/error/code").asString()).isEqualTo("input_audio_buffer_commit_empty");
			assertThat(empty.at("/error/event_id").asString()).isEqualTo("evt_empty");
			client.send("{\"type\":\"input_audio_buffer.clear\"}");
			all.add(expect(client, "input_audio_buffer.cleared"));

			client.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\"audio\"]}}");
			List<JsonNode> spoken = client.untilType("response.done");
			all.addAll(spoken);
			assertThat(types(spoken)).contains("response.output_audio.delta", "response.output_audio.done",
					"response.output_audio_transcript.done").doesNotContain("response.output_text.delta");
			assertThat(text(spoken, "response.output_audio_transcript.delta", "delta")).isEqualTo("Echo: 960 bytes of audio");

			client.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + userItem + "\"}");
			all.add(expect(client, "conversation.item.retrieved"));
			client.send("{\"type\":\"conversation.item.truncate\",\"item_id\":\"" + userItem
					+ "\",\"content_index\":0,\"audio_end_ms\":100}");
			all.add(expect(client, "conversation.item.truncated"));
			client.send("{\"type\":\"conversation.item.delete\",\"item_id\":\"" + userItem + "\"}");
			all.add(expect(client, "conversation.item.deleted"));
			client.send("{\"type\":\"conversation.item.retrieve\",\"item_id\":\"" + userItem + "\"}");
			JsonNode gone = expect(client, "error");
			all.add(gone);
			assertThat(gone.at("/error/code").asString()).isEqualTo("item_not_found");
			client.send("{\"type\":\"output_audio_buffer.clear\"}");
			all.add(expect(client, "output_audio_buffer.cleared"));

			client.send(userText("Please use get_weather for Paris"));
			all.addAll(client.untilType("conversation.item.done"));
			client.send("{\"type\":\"response.create\"}");
			List<JsonNode> call = client.untilType("response.done");
			all.addAll(call);
			JsonNode arguments = call.stream()
				.filter((event) -> event.path("type").asString("").equals("response.function_call_arguments.done"))
				.findFirst()
				.orElseThrow();
			assertThat(arguments.get("name").asString()).isEqualTo("get_weather");
			assertThat(Json.read(arguments.get("arguments").asString()).get("city").asString()).isEqualTo("Paris");
			client.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
					+ arguments.get("call_id").asString() + "\",\"output\":\"18C sunny\"}}");
			all.addAll(client.untilType("conversation.item.done"));
			client.send("{\"type\":\"response.create\"}");
			List<JsonNode> afterCall = client.untilType("response.done");
			all.addAll(afterCall);
			assertThat(text(afterCall, "response.output_text.delta", "delta")).isEqualTo("get_weather(Paris): 18C sunny");

			client.send("{\"type\":\"response.cancel\"}");
			JsonNode nothingToCancel = expect(client, "error");
			all.add(nothingToCancel);
			assertThat(nothingToCancel.at("/error/code").asString()).isEqualTo("response_cancel_not_active");
			client.send("not json");
			all.add(expect(client, "error"));
			client.send("{\"type\":\"no.such.event\"}");
			all.add(expect(client, "error"));
			client.send("{\"type\":\"conversation.item.create\"}");
			JsonNode missing = expect(client, "error");
			all.add(missing);
			assertThat(missing.at("/error/param").asString()).isEqualTo("item");
		}
		for (JsonNode event : all) {
			assertThat(OpenAPISchemas.validate("RealtimeServerEvent", event)).as("%s", event).isEmpty();
		}
		assertThat(all.stream().map((event) -> event.get("event_id").asString()).distinct()).hasSize(all.size());
	}

	@Test
	void aResponseInProgressIsCancelled() throws Exception {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			server.enqueue("/v1/realtime", Fault.delayBetweenEvents(Duration.ofMillis(200)));
			try (WebSocketClient client = WebSocketClient.open(server, "/v1/realtime?model=gpt-realtime")) {
				expect(client, "session.created");
				client.send(userText("one two three four five six seven eight"));
				client.untilType("conversation.item.done");
				client.send("{\"type\":\"response.create\"}");
				expect(client, "response.created");
				client.send("{\"type\":\"response.cancel\"}");
				JsonNode done = client.untilType("response.done").get(0);
				assertThat(done.at("/response/status").asString()).isEqualTo("cancelled");
				assertThat(OpenAPISchemas.validate("RealtimeServerEvent", done)).isEmpty();
			}
		}
	}

	@Test
	void theResponsesWebSocketAnswersAsThePostStreamDoesOnItsLane() throws Exception {
		List<JsonNode> all = new ArrayList<>();
		try (MockOpenAIServer server = MockOpenAIServer.start();
				WebSocketClient client = WebSocketClient.open(server, "/v1/responses")) {
			client.send("{\"type\":\"response.create\",\"stream_id\":\"lane_1\",\"model\":\"gpt-4o\",\"input\":\"Hi\"}");
			List<JsonNode> first = client.untilType("response.completed");
			all.addAll(first);
			assertThat(first).allSatisfy((event) -> assertThat(event.get("stream_id").asString()).isEqualTo("lane_1"));
			assertThat(text(first, "response.output_text.delta", "delta")).isEqualTo("Echo: Hi");
			client.send("{\"type\":\"response.create\",\"model\":\"gpt-4o\",\"input\":\"Again\",\"previous_response_id\":\""
					+ first.get(first.size() - 1).at("/response/id").asString() + "\"}");
			List<JsonNode> second = client.untilType("response.completed");
			all.addAll(second);
			assertThat(second).allSatisfy((event) -> assertThat(event.has("stream_id")).isFalse());
			client.send("{\"type\":\"response.create\",\"model\":\"gpt-4o\",\"input\":\"x\",\"background\":true}");
			JsonNode refused = expect(client, "error");
			all.add(refused);
			assertThat(refused.get("status").asInt()).isEqualTo(400);
			client.send("{\"type\":\"response.create\",\"input\":\"no model\"}");
			JsonNode noModel = expect(client, "error");
			all.add(noModel);
			assertThat(noModel.at("/error/message").asString()).contains("model");
		}
		for (JsonNode event : all) {
			assertThat(OpenAPISchemas.validate("ResponsesServerEvent", event)).as("%s", event).isEmpty();
		}
	}

	@Test
	void theHandshakeIsRecordedAndRefusedWithoutAKey() throws Exception {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			try (WebSocketClient refused = WebSocketClient.open(server, "/v1/realtime?model=gpt-realtime", Map.of())) {
				assertThat(refused.failure(WAIT)).hasMessageContaining("401");
			}
			assertThat(server.webSockets()).isEmpty();
			try (WebSocketClient client = WebSocketClient.open(server, "/v1/realtime?model=gpt-realtime")) {
				expect(client, "session.created");
				MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
				assertThat(socket.protocol()).isEqualTo("realtime");
				assertThat(socket.request().query()).isEqualTo("model=gpt-realtime");
				assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/v1/realtime", "/v1/realtime");
			}
		}
	}

	@Test
	void resetAndCloseSendGoingAwayToOpenConnections() throws Exception {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			WebSocketClient first = WebSocketClient.open(server, "/v1/responses");
			server.awaitWebSockets(1, WAIT);
			server.reset();
			assertThat(server.webSockets()).isEmpty();
			assertThat(first.awaitCloseStatus(WAIT).code()).isEqualTo(1001);
			first.close();
			WebSocketClient second = WebSocketClient.open(server, "/v1/responses");
			MockWebSocket socket = server.awaitWebSockets(1, WAIT).get(0);
			server.close();
			assertThat(socket.awaitClosed(WAIT)).isTrue();
			assertThat(second.awaitCloseStatus(WAIT).code()).isEqualTo(1001);
			second.close();
		}
	}

	private static JsonNode expect(WebSocketClient client, String type) throws InterruptedException {
		JsonNode event = client.next();
		assertThat(event.path("type").asString("")).as("%s", event).isEqualTo(type);
		return event;
	}

	private static String userText(String text) {
		return "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\",\"content\":"
				+ "[{\"type\":\"input_text\",\"text\":\"" + text + "\"}]}}";
	}

	private static List<String> types(List<JsonNode> events) {
		return events.stream().map((event) -> event.get("type").asString()).toList();
	}

	private static String text(List<JsonNode> events, String type, String field) {
		StringBuilder text = new StringBuilder();
		events.stream()
			.filter((event) -> event.path("type").asString("").equals(type))
			.forEach((event) -> text.append(event.get(field).asString()));
		return text.toString();
	}

}
