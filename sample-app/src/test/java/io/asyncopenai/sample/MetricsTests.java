package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;

import io.asyncopenai.test.MockOpenAIServerInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's GenAI metrics at {@code /actuator/metrics} after a chat and a streamed chat on
 * MockOpenAIServer: the token usage by model and token type, the calls' duration and the
 * stream's time to its first chunk.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "openai.http.trust-env=false", "openai.max-retries=0", "spring.application.name=metrics" })
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class MetricsTests extends SampleWebTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	MetricsTests() {
		super(TIMEOUT);
	}

	@Test
	void aChatAndAStreamShowTheirTokenUsageByModelAndTokenType() {
		chat("Hello there")
			.expectStatus()
			.isOk();
		List<String> streamed = this.client.get()
			.uri("/api/chat/stream?message={m}", "stream me now")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block(TIMEOUT);
		assertThat(streamed).isNotEmpty();

		JsonNode output = metric("gen_ai.client.token.usage?tag=gen_ai.token.type:output&tag=gen_ai.request.model:"
				+ "gpt-4o-mini");
		assertThat(measurement(output, "COUNT")).isEqualTo(2);
		// The chat's 3 output tokens, and the stream's own.
		assertThat(measurement(output, "TOTAL")).isGreaterThan(3);
		assertThat(tagValues(output, "gen_ai.operation.name")).containsExactly("chat");
		assertThat(tagValues(metric("gen_ai.client.token.usage"), "gen_ai.token.type"))
			.containsExactlyInAnyOrder("input", "output");
		assertThat(measurement(metric("gen_ai.client.token.usage?tag=gen_ai.token.type:input"), "COUNT")).isEqualTo(2);
		assertThat(measurement(metric("gen_ai.client.operation.duration?tag=error.type:none"), "COUNT")).isEqualTo(2);
		assertThat(measurement(metric("gen_ai.client.operation.time_to_first_chunk"), "COUNT")).isEqualTo(1);
	}

	private JsonNode metric(String nameAndQuery) {
		return this.client.get()
			.uri("/actuator/metrics/" + nameAndQuery)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static double measurement(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.get("measurements")) {
			if (measurement.get("statistic").asString().equals(statistic)) {
				return measurement.get("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + metric);
	}

	private static List<String> tagValues(JsonNode metric, String tag) {
		for (JsonNode available : metric.get("availableTags")) {
			if (available.get("tag").asString().equals(tag)) {
				return available.get("values").valueStream().map(JsonNode::asString).toList();
			}
		}
		return List.of();
	}

}
