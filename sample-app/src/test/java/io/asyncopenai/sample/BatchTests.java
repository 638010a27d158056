package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyncopenai.test.MockOpenAIServerInitializer;
import io.asyncopenai.test.RecordedRequest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's batch API on MockOpenAIServer, which runs the batch: prompts in, progress
 * followed, answers out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "openai.http.trust-env=false", "sample.batch-poll-interval=100ms" })
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class BatchTests extends SampleWebTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	BatchTests() {
		super(TIMEOUT);
	}

	@Test
	void promptsRunAsABatchWhoseProgressAndAnswersAreStreamed() {
		Map<?, ?> created = this.client.post()
			.uri("/api/batches")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompts", List.of("first prompt", "second prompt", " ", "third prompt")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.get("status")).isEqualTo("validating");
		List<ServerSentEvent<Map<String, Object>>> events = this.client.get()
			.uri("/api/batches/{id}/events", created.get("id"))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(TIMEOUT);
		assertThat(events).extracting(ServerSentEvent::event).startsWith("progress").endsWith("result", "done");
		assertThat(events).filteredOn((event) -> "progress".equals(event.event()))
			.extracting((event) -> event.data().get("status"))
			.contains("in_progress", "completed");
		assertThat(events).filteredOn((event) -> "result".equals(event.event()))
			.extracting((event) -> event.data().get("text"))
			.containsExactlyInAnyOrder("Echo: first prompt", "Echo: second prompt", "Echo: third prompt");
		Map<String, Object> done = events.get(events.size() - 1).data();
		assertThat(done).containsEntry("status", "completed").containsEntry("completed", 3).containsEntry("total", 3);
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests.get(0).path()).isEqualTo("/v1/files");
		assertThat(requests.get(0).part("purpose").text()).isEqualTo("batch");
		assertThat(requests.get(0).part("file").text().lines()).hasSize(3)
			.allSatisfy((line) -> assertThat(line).contains("\"url\":\"/v1/responses\""));
		assertThat(requests.get(1).path()).isEqualTo("/v1/batches");
	}

	@Test
	void noPromptsIsAProblemNotAnUpstreamCall() {
		this.client.post()
			.uri("/api/batches")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("prompts", List.of()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("prompts must hold at least one prompt");
		assertThat(this.server.requests()).isEmpty();
	}

}
