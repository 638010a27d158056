package io.asyncopenai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import io.asyncopenai.core.BinaryResponse;
import io.asyncopenai.errors.PollTimeoutException;
import io.asyncopenai.models.batches.Batch;
import io.asyncopenai.models.batches.BatchCreateParams;
import io.asyncopenai.models.batches.BatchRequestInput;
import io.asyncopenai.models.batches.BatchRequestOutput;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.files.FileCreateParams;
import io.asyncopenai.models.files.FileObject;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch scenario end to end, as a user runs it: write the requests as JSON Lines, upload
 * them, create the batch, wait for it, read the output and the errors, on a MockOpenAIServer
 * that runs the batch with its own answers.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class BatchFlowTests {

	private static final Duration POLL = Duration.ofMillis(50);

	@Test
	void aThousandRequestsAreUploadedRunAndReadBackAsTypedResultsWithBadLinesInTheErrorFile(MockOpenAIServer server) {
		List<BatchRequestInput> requests = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			requests.add(BatchRequestInput.post("request-" + i, "/v1/chat/completions", ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage("Say " + i)
				.build()));
		}
		for (int i = 0; i < 3; i++) {
			// No model: the endpoint answers 400, and the line goes to the error file.
			requests.add(BatchRequestInput.post("bad-" + i, "/v1/chat/completions",
					Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")))));
		}
		try (TestClient client = TestClient.of(server)) {
			AsyncOpenAI openai = client.openai();
			FileObject input = openai.files()
				.create(FileCreateParams.builder()
					.file(BatchRequestInput.jsonl("requests.jsonl", requests))
					.purpose(FileCreateParams.Purpose.BATCH)
					.build())
				.flatMap((file) -> openai.files().waitForProcessing(file.id(), POLL, TestClient.TIMEOUT))
				.block(TestClient.TIMEOUT);
			assertThat(input.status()).isEqualTo(FileObject.Status.PROCESSED);
			Batch batch = openai.batches()
				.createAndPoll(BatchCreateParams.builder()
					.inputFileId(input.id())
					.endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
					.completionWindow("24h")
					.build(), POLL, Duration.ofSeconds(30))
				.block(Duration.ofSeconds(40));
			assertThat(batch.status()).isEqualTo(Batch.Status.COMPLETED);
			assertThat(batch.requestCounts().total()).isEqualTo(1003);
			assertThat(batch.requestCounts().completed()).isEqualTo(1000);
			assertThat(batch.requestCounts().failed()).isEqualTo(3);
			List<BatchRequestOutput> results = openai.files()
				.content(batch.outputFileId())
				.flatMapMany((content) -> content.lines(BatchRequestOutput.class))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(results).hasSize(1000).allMatch(BatchRequestOutput::succeeded);
			assertThat(results).extracting(BatchRequestOutput::customId)
				.containsExactlyInAnyOrderElementsOf(requests.subList(0, 1000).stream().map(BatchRequestInput::customId).toList());
			ChatCompletion first = results.get(0).response().body(ChatCompletion.class);
			assertThat(first.choices().get(0).message().content()).isNotBlank();
			List<BatchRequestOutput> errors = openai.files()
				.content(batch.errorFileId())
				.flatMapMany((content) -> content.lines(BatchRequestOutput.class))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(errors).extracting(BatchRequestOutput::customId).containsExactlyInAnyOrder("bad-0", "bad-1", "bad-2");
			assertThat(errors).allSatisfy((error) -> {
				assertThat(error.succeeded()).isFalse();
				assertThat(error.response().statusCode()).isEqualTo(400);
			});
		}
	}

	@Test
	void pollingAStillRunningBatchGivesUpAtItsLimitWithTheLastState() {
		try (MockOpenAIServer slow = MockOpenAIServer.builder().batchStepDelay(Duration.ofSeconds(30)).start();
				TestClient client = TestClient.of(slow)) {
			String input = slow.addFile("one.jsonl", "batch",
					"{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}}\n"
						.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			Batch batch = client.openai()
				.batches()
				.create(BatchCreateParams.builder().inputFileId(input).endpoint("/v1/embeddings").completionWindow("24h").build())
				.block(TestClient.TIMEOUT);
			StepVerifier.create(client.openai().batches().poll(batch.id(), POLL, Duration.ofMillis(300)))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(PollTimeoutException.class,
						(timeout) -> {
							assertThat(timeout.lastState()).isEqualTo(Batch.Status.VALIDATING);
							assertThat(timeout).hasMessageContaining("batch " + batch.id())
								.hasMessageContaining("still validating");
						}))
				.verify(TestClient.TIMEOUT);
			assertThat(slow.requests().stream().filter((request) -> request.method().equals("GET")).count())
				.isGreaterThan(2);
		}
	}

	@Test
	void theTypedLinesOfAnOutputFileReadTheSameAsItsText(MockOpenAIServer server) {
		String output = server.addFile("out.jsonl", "batch_output",
				("{\"id\":\"batch_req_1\",\"custom_id\":\"a\",\"response\":{\"status_code\":200,\"request_id\":\"req_1\","
						+ "\"body\":{\"ok\":true}},\"error\":null}\n"
						+ "{\"id\":\"batch_req_2\",\"custom_id\":\"b\",\"response\":null,"
						+ "\"error\":{\"code\":\"batch_expired\",\"message\":\"This request could not be executed\"}}\n")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		try (TestClient client = TestClient.of(server)) {
			List<BatchRequestOutput> lines = client.openai()
				.files()
				.content(output)
				.flatMapMany((content) -> content.lines(BatchRequestOutput.class))
				.collectList()
				.block(TestClient.TIMEOUT);
			assertThat(lines).hasSize(2);
			assertThat(lines.get(0).succeeded()).isTrue();
			assertThat(lines.get(0).response().requestId()).isEqualTo("req_1");
			assertThat(lines.get(1).succeeded()).isFalse();
			assertThat(lines.get(1).error().code()).isEqualTo("batch_expired");
			assertThat(client.openai().files().content(output).flatMapMany(BinaryResponse::lines).count().block(TestClient.TIMEOUT))
				.isEqualTo(2);
		}
	}

}
