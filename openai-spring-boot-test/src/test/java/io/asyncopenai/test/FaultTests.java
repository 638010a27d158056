package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.test.RecordedRequest.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(MockOpenAIServerExtension.class)
class FaultTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String CHAT_STREAM = """
			{"model": "gpt-4o", "stream": true, "messages": [{"role": "user", "content": "a b c d"}]}""";

	private static final String RESPONSES_STREAM = "{\"model\": \"gpt-4o\", \"stream\": true, \"input\": \"a b c\"}";

	@Test
	void statusFaultSendsItsStatusHeadersAndBody(MockOpenAIServer server) {
		server.enqueue(Fault.status(503).header("x-should-retry", "false").header("retry-after", "2").body("oops"));
		String raw = Http.raw(server, "/v1/models", "");
		assertThat(raw).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
			.containsIgnoringCase("\r\nx-should-retry: false\r\n")
			.containsIgnoringCase("\r\nretry-after: 2\r\n")
			.containsIgnoringCase("\r\ncontent-length: 4\r\n")
			.containsPattern("(?i)\r\nx-request-id: req_[0-9a-f]{32}\r\n")
			.endsWith("\r\n\r\noops");
	}

	@Test
	void errorFaultSendsTheApiErrorBody(MockOpenAIServer server) {
		server.enqueue(Fault.error(429).header("retry-after-ms", "10"),
				Fault.error(400, "invalid_request_error", "bad_thing", "That was bad."));
		HttpResponse<String> limited = Http.get(server, "/v1/models");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("10");
		assertThat(limited.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode error = Http.json(limited).get("error");
		assertThat(error.get("type").asString()).isEqualTo("requests");
		assertThat(error.get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.has("param")).isTrue();
		HttpResponse<String> bad = Http.get(server, "/v1/models");
		assertThat(bad.body()).isEqualTo(
				"{\"error\":{\"message\":\"That was bad.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"bad_thing\"}}");
	}

	@Test
	void eachFaultServesOneRequestInOrder(MockOpenAIServer server) {
		server.enqueue(Fault.error(500), Fault.error(503));
		assertThat(List.of(Http.get(server, "/v1/models"), Http.get(server, "/v1/models"), Http.get(server, "/v1/models")))
			.extracting(HttpResponse::statusCode)
			.containsExactly(500, 503, 200);
	}

	@Test
	void faultsForAPathComeBeforeFaultsForAnyPath(MockOpenAIServer server) {
		server.enqueue(Fault.error(500));
		server.enqueue("/v1/models", Fault.error(429));
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(429);
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(500);
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
		server.enqueue("/v1/models", Fault.error(429));
		server.enqueue(Fault.error(503));
		assertThat(Http.get(server, "/v1/models/gpt-4o").statusCode()).isEqualTo(503);
		assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(429);
	}

	@Test
	void redirectFaultSendsLocation(MockOpenAIServer server) {
		server.enqueue(Fault.redirect(307, server.url("/v1/models/gpt-4o")));
		HttpResponse<String> response = Http.get(server, "/v1/models");
		assertThat(response.statusCode()).isEqualTo(307);
		assertThat(response.headers().firstValue("location")).hasValue(server.url("/v1/models/gpt-4o"));
		assertThat(response.body()).isEmpty();
	}

	@Test
	void closeBeforeResponseClosesWithoutSendingAByte(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.closeBeforeResponse());
		assertThat(Http.raw(server, "/v1/models", "")).isEmpty();
		assertThat(server.lastRequest().awaitOutcome(Http.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_SERVER);
	}

	@Test
	void delayBeforeHeadersHoldsTheWholeResponse(MockOpenAIServer server) throws Exception {
		Duration delay = Duration.ofMillis(300);
		server.enqueue(Fault.delayBeforeHeaders(delay));
		try (RawConnection connection = RawConnection.open(server)) {
			connection.post(CHAT, CHAT_STREAM);
			assertThat(connection.staysSilentFor(Duration.ofMillis(150))).isTrue();
			assertThat(connection.readUntil("data: [DONE]")).startsWith("HTTP/1.1 200 OK");
		}
	}

	@Test
	void delayBetweenEventsSpacesTheStream(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.delayBetweenEvents(Duration.ofMillis(250)));
		try (RawConnection connection = RawConnection.open(server)) {
			connection.post(CHAT, CHAT_STREAM);
			String first = connection.readUntil("\"role\":\"assistant\"");
			assertThat(first).doesNotContain("\"content\":\"Echo:\"");
			assertThat(connection.staysSilentFor(Duration.ofMillis(100))).isTrue();
			assertThat(connection.readUntil("data: [DONE]")).contains("\"content\":\" d\"");
		}
	}

	@Test
	void closeMidStreamSendsSomeEventsThenClosesWithoutEndingTheBody(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.closeMidStream(2));
		String raw = Http.raw(server, CHAT, CHAT_STREAM);
		assertThat(raw).startsWith("HTTP/1.1 200 OK").doesNotEndWith("\r\n0\r\n\r\n");
		assertThat(dataLines(raw)).hasSize(2);
		assertThat(server.lastRequest().awaitOutcome(Http.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_SERVER);
	}

	@Test
	void closeMidStreamOnJsonSendsHalfTheDeclaredBody(MockOpenAIServer server) {
		server.enqueue(Fault.closeMidStream(0));
		String raw = Http.raw(server, "/v1/models", "");
		Matcher length = Pattern.compile("(?i)content-length: (\\d+)\r\n").matcher(raw);
		assertThat(length.find()).isTrue();
		int declared = Integer.parseInt(length.group(1));
		String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
		assertThat(body.length()).isEqualTo(declared / 2);
	}

	@Test
	void stallMidStreamKeepsTheConnectionOpenUntilTheClientLeaves(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.stallMidStream(3));
		try (RawConnection connection = RawConnection.open(server)) {
			connection.post(CHAT, CHAT_STREAM);
			connection.readUntil("\"content\":\" a\"");
			assertThat(connection.staysSilentFor(Duration.ofMillis(300))).isTrue();
			assertThat(dataLines(connection.received())).hasSize(3);
			assertThat(server.connections().open()).isPositive();
			assertThat(server.lastRequest().outcome()).isEqualTo(Outcome.IN_PROGRESS);
		}
		assertThat(server.lastRequest().awaitOutcome(Http.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
	}

	@Test
	void clientLeavingMidStreamIsJournaled(MockOpenAIServer server) throws Exception {
		server.enqueue(Fault.delayBetweenEvents(Duration.ofMillis(100)));
		try (RawConnection connection = RawConnection.open(server)) {
			connection.post(CHAT, CHAT_STREAM);
			connection.readUntil("\"role\":\"assistant\"");
		}
		assertThat(server.lastRequest().awaitOutcome(Http.TIMEOUT)).isEqualTo(Outcome.CLOSED_BY_CLIENT);
	}

	@Test
	void completedExchangeIsJournaled(MockOpenAIServer server) throws Exception {
		Http.post(server, CHAT, CHAT_STREAM);
		assertThat(server.lastRequest().awaitOutcome(Http.TIMEOUT)).isEqualTo(Outcome.COMPLETED);
	}

	@Test
	void malformedJsonCutsTheBody(MockOpenAIServer server) {
		server.enqueue(Fault.malformedJson());
		HttpResponse<String> response = Http.get(server, "/v1/models");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("{\"object\":\"list\"");
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> Http.json(response));
	}

	@Test
	void malformedJsonCutsTheFirstEventOfAStream(MockOpenAIServer server) {
		server.enqueue(Fault.malformedJson());
		List<Sse.Event> events = Sse.parse(Http.post(server, CHAT, CHAT_STREAM).body());
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> Http.json(events.get(0).data()));
		assertThat(Http.json(events.get(1).data()).get("object").asString()).isEqualTo("chat.completion.chunk");
		assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
	}

	@Test
	void streamErrorOfChatIsADataPayloadWithAnErrorKey(MockOpenAIServer server) {
		server.enqueue(Fault.streamError(2));
		String raw = Http.raw(server, CHAT, CHAT_STREAM);
		assertThat(raw).endsWith("\r\n0\r\n\r\n");
		List<Sse.Event> events = Sse.parse(Http.dechunk(raw));
		assertThat(events).hasSize(3);
		Sse.Event error = events.get(2);
		assertThat(error.name()).isNull();
		assertThat(Http.json(error.data()).at("/error/type").asString()).isEqualTo("server_error");
		assertThat(Http.json(error.data()).at("/error/message").isString()).isTrue();
	}

	@Test
	void streamErrorOfResponsesIsAnErrorEvent(MockOpenAIServer server) {
		server.enqueue(Fault.streamError(2));
		List<Sse.Event> events = Sse.parse(Http.post(server, "/v1/responses", RESPONSES_STREAM).body());
		assertThat(events).extracting(Sse.Event::name)
			.containsExactly("response.created", "response.in_progress", "error");
		JsonNode error = Http.json(events.get(2).data());
		assertThat(error.get("type").asString()).isEqualTo("error");
		assertThat(error.get("code").asString()).isEqualTo("server_error");
		assertThat(error.get("sequence_number").asInt()).isEqualTo(2);
	}

	@Test
	void chunksArriveAsSeparateWrites(MockOpenAIServer server) {
		server.enqueue(Fault.status(200)
			.header("content-type", "text/event-stream")
			.chunks("data: a\r", "\ndata: b\r\n\r\n", ": comment\n")
			.chunkDelay(Duration.ofMillis(20)));
		String raw = Http.raw(server, CHAT, CHAT_STREAM);
		assertThat(raw).containsIgnoringCase("\r\ntransfer-encoding: chunked\r\n");
		assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4))
			.isEqualTo("8\r\ndata: a\r\r\nc\r\n\ndata: b\r\n\r\n\r\na\r\n: comment\n\r\n0\r\n\r\n");
	}

	@Test
	void invalidFaultsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.status(42));
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.redirect(200, "/"));
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.closeMidStream(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> Fault.delayBeforeHeaders(Duration.ofMillis(-1)));
	}

	private static List<String> dataLines(String raw) {
		List<String> lines = new ArrayList<>();
		Matcher matcher = Pattern.compile("data: [^\n]*\n").matcher(raw);
		while (matcher.find()) {
			lines.add(matcher.group());
		}
		return lines;
	}

}
