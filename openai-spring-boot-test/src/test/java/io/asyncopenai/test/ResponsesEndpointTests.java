package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ResponsesEndpointTests {

	private static final String PATH = "/v1/responses";

	@Test
	void responseEchoesTheInputInTheApiShape(MockOpenAIServer server) {
		HttpResponse<String> http = Http.post(server, PATH,
				"{\"model\": \"gpt-4o\", \"instructions\": \"Be brief.\", \"input\": \"Tell me a story\"}");
		assertThat(http.statusCode()).isEqualTo(200);
		JsonNode response = Http.json(http);
		assertThat(response.get("id").asString()).matches("resp_[0-9a-f]{48}");
		assertThat(response.get("object").asString()).isEqualTo("response");
		assertThat(response.get("status").asString()).isEqualTo("completed");
		assertThat(response.get("completed_at").isIntegralNumber()).isTrue();
		assertThat(response.get("error").isNull()).isTrue();
		assertThat(response.get("instructions").asString()).isEqualTo("Be brief.");
		assertThat(response.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(response.get("output")).hasSize(1);
		JsonNode message = response.at("/output/0");
		assertThat(message.get("type").asString()).isEqualTo("message");
		assertThat(message.get("id").asString()).startsWith("msg_");
		assertThat(message.get("role").asString()).isEqualTo("assistant");
		assertThat(message.get("status").asString()).isEqualTo("completed");
		assertThat(message.at("/content/0/type").asString()).isEqualTo("output_text");
		assertThat(message.at("/content/0/text").asString()).isEqualTo("Echo: Tell me a story");
		assertThat(message.at("/content/0/annotations").isArray()).isTrue();
		JsonNode usage = response.get("usage");
		assertThat(usage.get("output_tokens").asInt()).isEqualTo(5);
		assertThat(usage.get("input_tokens").asInt()).isEqualTo(6);
		assertThat(usage.get("total_tokens").asInt()).isEqualTo(11);
		assertThat(usage.at("/output_tokens_details/reasoning_tokens").asInt()).isZero();
		assertThat(response.at("/text/format/type").asString()).isEqualTo("text");
		assertThat(response.get("metadata").isObject()).isTrue();
	}

	@Test
	void inputItemsUseTheLastUserMessage(MockOpenAIServer server) {
		JsonNode response = Http.json(Http.post(server, PATH, """
				{"model": "gpt-4o", "input": [
				  {"role": "user", "content": "earlier"},
				  {"role": "assistant", "content": "reply"},
				  {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "latest"}]}
				]}"""));
		assertThat(response.at("/output/0/content/0/text").asString()).isEqualTo("Echo: latest");
	}

	@Test
	void maxOutputTokensMakesTheResponseIncomplete(MockOpenAIServer server) {
		JsonNode response = Http.json(Http.post(server, PATH,
				"{\"model\": \"gpt-4o\", \"max_output_tokens\": 2, \"input\": \"one two three\"}"));
		assertThat(response.get("status").asString()).isEqualTo("incomplete");
		assertThat(response.at("/incomplete_details/reason").asString()).isEqualTo("max_output_tokens");
		assertThat(response.at("/output/0/content/0/text").asString()).isEqualTo("Echo: one");
		assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(2);
	}

	@Test
	void streamSendsTheApiEventSequenceWithSequenceNumbers(MockOpenAIServer server) {
		String raw = Http.raw(server, PATH, "{\"model\": \"gpt-4o\", \"stream\": true, \"input\": \"hi you\"}");
		assertThat(raw).containsIgnoringCase("\r\ncontent-type: text/event-stream; charset=utf-8\r\n")
			.endsWith("\r\n0\r\n\r\n");
		String body = Http.dechunk(raw);
		assertThat(body).startsWith("event: response.created\ndata: {\"type\":\"response.created\"")
			.doesNotContain("[DONE]");
		List<Sse.Event> events = Sse.parse(body);
		assertThat(events).extracting(Sse.Event::name)
			.containsExactly("response.created", "response.in_progress", "response.output_item.added",
					"response.content_part.added", "response.output_text.delta", "response.output_text.delta",
					"response.output_text.delta", "response.output_text.done", "response.content_part.done",
					"response.output_item.done", "response.completed");
		List<JsonNode> data = events.stream().map((event) -> Http.json(event.data())).toList();
		assertThat(data).extracting((event) -> event.get("type").asString())
			.containsExactlyElementsOf(events.stream().map(Sse.Event::name).toList());
		assertThat(data).extracting((event) -> event.get("sequence_number").asInt())
			.containsExactlyElementsOf(IntStream.range(0, events.size()).boxed().toList());
		assertThat(data.get(0).at("/response/status").asString()).isEqualTo("in_progress");
		assertThat(data.get(0).at("/response/output")).isEmpty();
		String itemId = data.get(2).at("/item/id").asString();
		StringBuilder text = new StringBuilder();
		data.stream()
			.filter((event) -> event.get("type").asString().equals("response.output_text.delta"))
			.forEach((delta) -> {
				assertThat(delta.get("item_id").asString()).isEqualTo(itemId);
				assertThat(delta.get("output_index").asInt()).isZero();
				assertThat(delta.get("content_index").asInt()).isZero();
				text.append(delta.get("delta").asString());
			});
		assertThat(text).hasToString("Echo: hi you");
		assertThat(data.get(7).get("text").asString()).isEqualTo("Echo: hi you");
		assertThat(data.get(8).at("/part/text").asString()).isEqualTo("Echo: hi you");
		assertThat(data.get(9).at("/item/status").asString()).isEqualTo("completed");
		JsonNode completed = data.get(10).get("response");
		assertThat(completed.get("status").asString()).isEqualTo("completed");
		assertThat(completed.get("id")).isEqualTo(data.get(0).at("/response/id"));
		assertThat(completed.at("/output/0/content/0/text").asString()).isEqualTo("Echo: hi you");
		assertThat(completed.at("/usage/output_tokens").asInt()).isEqualTo(3);
	}

	@Test
	void aBackgroundStreamIsStreamedAgainFromTheEventAfterStartingAfter(MockOpenAIServer server) {
		List<Sse.Event> whole = Sse.parse(Http.post(server, PATH,
				"{\"model\": \"gpt-4o\", \"stream\": true, \"background\": true, \"input\": \"hi you\"}").body());
		String id = Http.json(whole.get(0).data()).at("/response/id").asString();
		HttpResponse<String> resumed = Http.get(server, PATH + "/" + id + "?stream=true&starting_after=6");
		assertThat(resumed.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
		List<Sse.Event> rest = Sse.parse(resumed.body());
		assertThat(rest).extracting((event) -> Http.json(event.data()).get("sequence_number").asInt())
			.containsExactlyElementsOf(IntStream.range(7, whole.size()).boxed().toList());
		assertThat(rest).containsExactlyElementsOf(whole.subList(7, whole.size()));
		assertThat(Sse.parse(Http.get(server, PATH + "/" + id + "?stream=true").body())).isEqualTo(whole);
	}

	@Test
	void onlyABackgroundStreamCanBeStreamedAgain(MockOpenAIServer server) {
		String id = Http.json(Http.post(server, PATH, "{\"model\": \"gpt-4o\", \"input\": \"hi\"}")).get("id").asString();
		HttpResponse<String> refused = Http.get(server, PATH + "/" + id + "?stream=true");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Http.json(refused).at("/error/param").asString()).isEqualTo("stream");
		assertThat(Http.get(server, PATH + "/" + id + "?stream=true&starting_after=x").statusCode()).isEqualTo(400);
		assertThat(Http.get(server, PATH + "/resp_missing?stream=true").statusCode()).isEqualTo(404);
	}

	@Test
	void incompleteStreamEndsWithResponseIncomplete(MockOpenAIServer server) {
		List<Sse.Event> events = Sse.parse(Http.post(server, PATH,
				"{\"model\": \"gpt-4o\", \"stream\": true, \"max_output_tokens\": 1, \"input\": \"a b\"}").body());
		assertThat(events.get(events.size() - 1).name()).isEqualTo("response.incomplete");
	}

	@Test
	void storedResponseCanBeRetrievedAndDeleted(MockOpenAIServer server) {
		JsonNode created = Http.json(Http.post(server, PATH, "{\"model\": \"gpt-4o\", \"input\": \"keep me\"}"));
		String id = created.get("id").asString();
		HttpResponse<String> retrieved = Http.get(server, PATH + "/" + id);
		assertThat(retrieved.statusCode()).isEqualTo(200);
		assertThat(Http.json(retrieved)).isEqualTo(created);
		HttpResponse<String> deleted = Http.delete(server, PATH + "/" + id);
		assertThat(Http.json(deleted).toString())
			.isEqualTo("{\"id\":\"" + id + "\",\"object\":\"response\",\"deleted\":true}");
		HttpResponse<String> gone = Http.get(server, PATH + "/" + id);
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(Http.json(gone).at("/error/message").asString()).isEqualTo("Response with id '" + id + "' not found.");
	}

	@Test
	void unstoredResponseCannotBeRetrieved(MockOpenAIServer server) {
		JsonNode created = Http
			.json(Http.post(server, PATH, "{\"model\": \"gpt-4o\", \"store\": false, \"input\": \"forget me\"}"));
		assertThat(created.get("store").asBoolean()).isFalse();
		assertThat(Http.get(server, PATH + "/" + created.get("id").asString()).statusCode()).isEqualTo(404);
	}

	@Test
	void backgroundResponseIsQueuedAndCanBeCancelled(MockOpenAIServer server) {
		JsonNode queued = Http
			.json(Http.post(server, PATH, "{\"model\": \"gpt-4o\", \"background\": true, \"input\": \"later\"}"));
		assertThat(queued.get("status").asString()).isEqualTo("queued");
		assertThat(queued.get("background").asBoolean()).isTrue();
		String id = queued.get("id").asString();
		HttpResponse<String> cancelled = Http.post(server, PATH + "/" + id + "/cancel", "");
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(Http.json(cancelled).get("status").asString()).isEqualTo("cancelled");
		assertThat(Http.post(server, PATH + "/" + id + "/cancel", "").statusCode()).isEqualTo(400);
	}

	@Test
	void backgroundResponseCompletesWhenRetrieved(MockOpenAIServer server) {
		String id = Http.json(Http.post(server, PATH, "{\"model\": \"gpt-4o\", \"background\": true, \"input\": \"x\"}"))
			.get("id")
			.asString();
		assertThat(Http.json(Http.get(server, PATH + "/" + id)).get("status").asString()).isEqualTo("completed");
	}

	@Test
	void foregroundResponseCannotBeCancelled(MockOpenAIServer server) {
		String id = Http.json(Http.post(server, PATH, "{\"model\": \"gpt-4o\", \"input\": \"now\"}")).get("id").asString();
		HttpResponse<String> cancel = Http.post(server, PATH + "/" + id + "/cancel", "");
		assertThat(cancel.statusCode()).isEqualTo(400);
		assertThat(Http.json(cancel).at("/error/message").asString()).contains("background=true");
	}

	@Test
	void missingModelIsABadRequest(MockOpenAIServer server) {
		HttpResponse<String> response = Http.post(server, PATH, "{\"input\": \"x\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(Http.json(response).at("/error/param").asString()).isEqualTo("model");
	}

}
