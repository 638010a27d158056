package io.asyncopenai.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;

import io.asyncopenai.test.MockOpenAIServerInitializer;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's tools API on MockOpenAIServer, whose model calls the three travel tools the
 * question names in one turn, then answers with their outputs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "openai.http.trust-env=false", "sample.tool-delay=" + ToolsTests.DELAY_MS + "ms" })
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class ToolsTests extends SampleWebTestSupport {

	static final long DELAY_MS = 300;

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	ToolsTests() {
		super(TIMEOUT);
	}

	@Test
	void theThreeToolsRunAtOnceInOneTurnAndTheAnswerListsTheirOutputs() {
		Map<String, Object> reply = ask(ToolsController.DEFAULT_QUESTION);
		assertThat(reply).containsEntry("turns", 2);
		List<Map<String, Object>> calls = calls(reply);
		assertThat(calls).extracting((call) -> call.get("name"))
			.containsExactly("get_weather", "get_local_time", "get_events");
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call).containsEntry("turn", 1).containsEntry("failed", false);
			assertThat(JSON.readTree((String) call.get("arguments")).path("city").asString()).isEqualTo("Lisbon");
			assertThat(((Number) call.get("durationMs")).longValue()).isGreaterThanOrEqualTo(DELAY_MS);
		});
		assertThat(JSON.readTree((String) calls.get(1).get("output"))).isEqualTo(JSON.readTree(
				"{\"city\":\"Lisbon\",\"time_zone\":\"Europe/Lisbon\",\"local_time\":\"2026-06-12 14:30\"}"));
		assertThat(JSON.readTree((String) calls.get(2).get("output")).path("events")).hasSize(3);
		assertThat(reply.get("answer")).isEqualTo("get_weather(Lisbon): " + calls.get(0).get("output")
				+ "; get_local_time(Lisbon): " + calls.get(1).get("output") + "; get_events(Lisbon): "
				+ calls.get(2).get("output"));
		// Calls that ran one after another would take at least the sum of their durations, and the
		// elapsed time includes them and both model calls: being shorter, they overlapped.
		long callsMs = calls.stream().mapToLong((call) -> ((Number) call.get("durationMs")).longValue()).sum();
		assertThat(((Number) reply.get("callsMs")).longValue()).isEqualTo(callsMs);
		assertThat(((Number) reply.get("elapsedMs")).longValue()).isLessThan(callsMs);
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).extracting(RecordedRequest::path).containsExactly("/v1/responses", "/v1/responses");
		JsonNode first = JSON.readTree(requests.get(0).body());
		assertThat(first.path("tools").valueStream().map((tool) -> tool.path("name").asString()))
			.containsExactly("get_weather", "get_local_time", "get_events");
		assertThat(JSON.readTree(requests.get(1).body()).path("input")).hasSize(3);
	}

	@Test
	void theWeatherOfACityIsTheSameWhateverItsCase() {
		String lisbon = (String) calls(ask("Use get_weather for Lisbon.")).get(0).get("output");
		String shouted = (String) calls(ask("Use get_weather for LISBON.")).get(0).get("output");
		assertThat(JSON.readTree(shouted).path("temperature_c")).isEqualTo(JSON.readTree(lisbon).path("temperature_c"));
		assertThat(JSON.readTree(shouted).path("sky")).isEqualTo(JSON.readTree(lisbon).path("sky"));
	}

	@Test
	void blankQuestionIsAProblemNotAnUpstreamCall() {
		for (Map<String, String> body : List.of(Map.of("question", " "), Map.<String, String>of())) {
			this.client.post()
				.uri("/api/tools/ask")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("question must not be blank");
		}
		assertThat(this.server.requests()).isEmpty();
	}

	private Map<String, Object> ask(String question) {
		return this.client.post()
			.uri("/api/tools/ask")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("question", question))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> calls(Map<String, Object> reply) {
		return (List<Map<String, Object>>) reply.get("calls");
	}

	/** A fixed clock, so that the local time the tool answers is known: 14:30 in Lisbon's summer time. */
	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2026-06-12T13:30:00Z"), ZoneOffset.UTC);
		}

	}

}
