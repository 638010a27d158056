package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class ChatCompletionsEndpointTests {

	private static final String PATH = "/v1/chat/completions";

	@Test
	void completionEchoesTheLastUserMessageInTheApiShape(MockOpenAIServer server) {
		HttpResponse<String> response = Http.post(server, PATH, """
				{"model": "gpt-4o", "messages": [
				  {"role": "developer", "content": "Be brief."},
				  {"role": "user", "content": "first question"},
				  {"role": "assistant", "content": "first answer"},
				  {"role": "user", "content": [{"type": "text", "text": "Hello there"}]}
				]}""");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode completion = Http.json(response);
		assertThat(completion.get("id").asString()).startsWith("chatcmpl-");
		assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
		assertThat(completion.get("created").isIntegralNumber()).isTrue();
		assertThat(completion.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(completion.get("choices")).hasSize(1);
		JsonNode choice = completion.get("choices").get(0);
		assertThat(choice.get("index").asInt()).isZero();
		assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
		assertThat(choice.get("logprobs").isNull()).isTrue();
		JsonNode message = choice.get("message");
		assertThat(message.get("role").asString()).isEqualTo("assistant");
		assertThat(message.get("content").asString()).isEqualTo("Echo: Hello there");
		assertThat(message.get("refusal").isNull()).isTrue();
		assertThat(message.get("annotations").isArray()).isTrue();
		JsonNode usage = completion.get("usage");
		assertThat(usage.get("completion_tokens").asInt()).isEqualTo(3);
		assertThat(usage.get("total_tokens").asInt())
			.isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
		assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
		assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isZero();
		assertThat(completion.get("service_tier").asString()).isEqualTo("default");
	}

	@Test
	void sameInputGivesSameContent(MockOpenAIServer server) {
		String request = "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"same\"}]}";
		JsonNode first = Http.json(Http.post(server, PATH, request));
		JsonNode second = Http.json(Http.post(server, PATH, request));
		assertThat(first.at("/choices/0/message/content")).isEqualTo(second.at("/choices/0/message/content"));
		assertThat(first.get("usage")).isEqualTo(second.get("usage"));
		assertThat(first.get("id")).isNotEqualTo(second.get("id"));
	}

	@Test
	void conversationWithoutUserTextGetsAGreeting(MockOpenAIServer server) {
		JsonNode completion = Http.json(Http.post(server, PATH,
				"{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"system\", \"content\": \"Be kind.\"}]}"));
		assertThat(completion.at("/choices/0/message/content").asString()).isEqualTo(MockContent.GREETING);
	}

	@Test
	void nChoicesMaxTokensAndStopAreHonoured(MockOpenAIServer server) {
		JsonNode completion = Http.json(Http.post(server, PATH, """
				{"model": "gpt-4o", "n": 2, "max_completion_tokens": 2,
				 "messages": [{"role": "user", "content": "one two three four"}]}"""));
		assertThat(completion.get("choices")).hasSize(2);
		assertThat(completion.at("/choices/1/index").asInt()).isOne();
		assertThat(completion.at("/choices/1/message/content").asString()).isEqualTo("Echo: one");
		assertThat(completion.at("/choices/1/finish_reason").asString()).isEqualTo("length");
		assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(4);
		JsonNode stopped = Http.json(Http.post(server, PATH, """
				{"model": "gpt-4o", "stop": ["three"],
				 "messages": [{"role": "user", "content": "one two three four"}]}"""));
		assertThat(stopped.at("/choices/0/message/content").asString()).isEqualTo("Echo: one two ");
		assertThat(stopped.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
	}

	@Test
	void jsonResponseFormatGetsJsonContent(MockOpenAIServer server) {
		JsonNode completion = Http.json(Http.post(server, PATH, """
				{"model": "gpt-4o", "response_format": {"type": "json_object"},
				 "messages": [{"role": "user", "content": "hi"}]}"""));
		assertThat(Http.json(completion.at("/choices/0/message/content").asString()).get("echo").asString())
			.isEqualTo("hi");
	}

	@Test
	void streamIsServerSentEventsOfChunksEndingWithDone(MockOpenAIServer server) {
		String raw = Http.raw(server, PATH, """
				{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "stream me"}]}""");
		assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n")
			.containsIgnoringCase("\r\ncontent-type: text/event-stream; charset=utf-8\r\n")
			.containsIgnoringCase("\r\ntransfer-encoding: chunked\r\n")
			.endsWith("\r\n0\r\n\r\n");
		String body = Http.dechunk(raw);
		assertThat(body).startsWith("data: {").endsWith("\n\ndata: [DONE]\n\n");
		List<Sse.Event> events = Sse.parse(body);
		assertThat(events).allMatch((event) -> event.name() == null);
		List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map((e) -> Http.json(e.data())).toList();
		assertThat(chunks).hasSize(5);
		assertThat(chunks).allMatch((chunk) -> chunk.get("object").asString().equals("chat.completion.chunk"));
		assertThat(chunks.stream().map((chunk) -> chunk.get("id").asString()).distinct()).hasSize(1);
		assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
		assertThat(chunks.get(0).at("/choices/0/delta/content").asString()).isEmpty();
		StringBuilder content = new StringBuilder();
		chunks.forEach((chunk) -> content.append(chunk.at("/choices/0/delta/content").asString("")));
		assertThat(content).hasToString("Echo: stream me");
		assertThat(chunks.subList(0, 4)).allMatch((chunk) -> chunk.at("/choices/0/finish_reason").isNull());
		assertThat(chunks.get(4).at("/choices/0/delta")).isEmpty();
		assertThat(chunks.get(4).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		assertThat(chunks).noneMatch((chunk) -> chunk.has("usage"));
	}

	@Test
	void streamWithIncludeUsageEndsWithAUsageChunk(MockOpenAIServer server) {
		HttpResponse<String> response = Http.post(server, PATH, """
				{"model": "gpt-4o", "stream": true, "stream_options": {"include_usage": true},
				 "messages": [{"role": "user", "content": "count me"}]}""");
		List<Sse.Event> events = Sse.parse(response.body());
		List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map((e) -> Http.json(e.data())).toList();
		assertThat(chunks.subList(0, chunks.size() - 1)).allMatch((chunk) -> chunk.get("usage").isNull());
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.get("choices")).isEmpty();
		assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(3);
		assertThat(last.at("/usage/total_tokens").asInt())
			.isEqualTo(last.at("/usage/prompt_tokens").asInt() + last.at("/usage/completion_tokens").asInt());
		JsonNode plain = Http.json(Http.post(server, PATH,
				"{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"count me\"}]}"));
		assertThat(last.get("usage")).isEqualTo(plain.get("usage"));
	}

	@Test
	void obfuscationCanBeTurnedOff(MockOpenAIServer server) {
		String withObfuscation = Http.post(server, PATH, """
				{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "x"}]}""").body();
		String without = Http.post(server, PATH, """
				{"model": "gpt-4o", "stream": true, "stream_options": {"include_obfuscation": false},
				 "messages": [{"role": "user", "content": "x"}]}""").body();
		assertThat(withObfuscation).contains("\"obfuscation\"");
		assertThat(without).doesNotContain("\"obfuscation\"");
	}

	@Test
	void invalidRequestsGetTheApiErrors(MockOpenAIServer server) {
		HttpResponse<String> notJson = Http.post(server, PATH, "{not json");
		assertThat(notJson.statusCode()).isEqualTo(400);
		assertThat(Http.json(notJson).at("/error/type").asString()).isEqualTo("invalid_request_error");
		HttpResponse<String> noModel = Http.post(server, PATH, "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
		assertThat(noModel.statusCode()).isEqualTo(400);
		assertThat(Http.json(noModel).at("/error/message").asString()).isEqualTo("you must provide a model parameter");
		HttpResponse<String> noMessages = Http.post(server, PATH, "{\"model\": \"gpt-4o\"}");
		assertThat(noMessages.statusCode()).isEqualTo(400);
		assertThat(Http.json(noMessages).at("/error/param").asString()).isEqualTo("messages");
		assertThat(Http.json(noMessages).at("/error/code").asString()).isEqualTo("missing_required_parameter");
	}

}
