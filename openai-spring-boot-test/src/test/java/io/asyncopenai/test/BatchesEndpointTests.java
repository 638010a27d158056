package io.asyncopenai.test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class BatchesEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final List<MockOpenAIServer> servers = new ArrayList<>();

	@AfterEach
	void closeServers() {
		this.servers.forEach(MockOpenAIServer::close);
	}

	@Test
	void aBatchPassesThroughEachStateAndAnswersEachLineAsADirectCallWould() {
		MockOpenAIServer server = start(Duration.ofMillis(150));
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("a", "Hello there"),
				chatLine("b", "How are you")));
		JsonNode created = create(server, input, "/v1/chat/completions", ", \"metadata\": {\"team\": \"mock\"}");
		assertThat(created.get("status").asString()).isEqualTo("validating");
		assertThat(created.get("id").asString()).startsWith("batch_");
		assertThat(created.get("metadata").get("team").asString()).isEqualTo("mock");
		assertThat(created.get("expires_at").asLong() - created.get("created_at").asLong()).isEqualTo(24 * 3600);
		String id = created.get("id").asString();
		Set<String> seen = new LinkedHashSet<>();
		JsonNode completed = await(server, id, (batch) -> {
			seen.add(batch.get("status").asString());
			return batch.get("status").asString().equals("completed");
		});
		assertThat(seen).contains("validating", "in_progress", "completed");
		assertThat(completed.get("request_counts").toString()).isEqualTo("{\"total\":2,\"completed\":2,\"failed\":0}");
		assertThat(completed.get("in_progress_at").asLong()).isPositive();
		assertThat(completed.get("finalizing_at").asLong()).isPositive();
		assertThat(completed.get("completed_at").asLong()).isPositive();
		assertThat(completed.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(completed.has("error_file_id")).isFalse();
		String outputId = completed.get("output_file_id").asString();
		JsonNode outputFile = Http.json(Http.get(server, "/v1/files/" + outputId));
		assertThat(outputFile.get("purpose").asString()).isEqualTo("batch_output");
		List<JsonNode> output = download(server, outputId);
		assertThat(output).extracting((line) -> line.get("custom_id").asString()).containsExactly("a", "b");
		JsonNode first = output.get(0);
		assertThat(first.get("id").asString()).startsWith("batch_req_");
		assertThat(first.get("error").isNull()).isTrue();
		assertThat(first.at("/response/status_code").asInt()).isEqualTo(200);
		assertThat(first.at("/response/request_id").asString()).isNotEmpty();
		JsonNode direct = Http.json(Http.post(server, "/v1/chat/completions", chatBody("Hello there")));
		assertThat(first.at("/response/body/choices")).isEqualTo(direct.get("choices"));
		assertThat(first.at("/response/body/usage")).isEqualTo(direct.get("usage"));
	}

	@Test
	void aThousandLinesCompleteWithinSeconds() {
		MockOpenAIServer server = start(Duration.ofMillis(20));
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			lines.add(chatLine("c" + i, "Line number " + i));
		}
		String input = server.addFile("input.jsonl", "batch", lines(lines.toArray(String[]::new)));
		long start = System.nanoTime();
		String id = create(server, input, "/v1/chat/completions", "").get("id").asString();
		JsonNode completed = await(server, id, (batch) -> batch.get("status").asString().equals("completed"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(completed.at("/request_counts/completed").asInt()).isEqualTo(1000);
		List<JsonNode> output = download(server, completed.get("output_file_id").asString());
		assertThat(output).hasSize(1000);
		assertThat(output.get(999).get("custom_id").asString()).isEqualTo("c999");
		assertThat(output.get(999).at("/response/body/choices/0/message/content").asString())
			.isEqualTo("Echo: Line number 999");
	}

	@ParameterizedTest
	@CsvSource({ "/v1/responses, '{\"model\": \"gpt-4o\", \"input\": \"Hi\"}', /output/0/content",
			"/v1/embeddings, '{\"model\": \"text-embedding-3-small\", \"input\": \"Hi\"}', /data",
			"/v1/moderations, '{\"input\": \"Hi\"}', /results",
			"/v1/images/generations, '{\"model\": \"gpt-image-1\", \"prompt\": \"A cat\", \"size\": \"64x64\"}', /data" })
	void eachBatchableEndpointAnswersItsLinesAsADirectCall(String endpoint, String body, String pointer) {
		MockOpenAIServer server = start(Duration.ofMillis(10));
		String input = server.addFile("input.jsonl", "batch", lines("{\"custom_id\": \"only\", \"method\": \"POST\", "
				+ "\"url\": \"" + endpoint + "\", \"body\": " + body + "}"));
		String id = create(server, input, endpoint, "").get("id").asString();
		JsonNode completed = await(server, id, (batch) -> batch.get("status").asString().equals("completed"));
		JsonNode line = download(server, completed.get("output_file_id").asString()).get(0);
		assertThat(line.at("/response/status_code").asInt()).isEqualTo(200);
		JsonNode direct = Http.json(Http.post(server, endpoint, body));
		assertThat(line.at("/response/body" + pointer)).isNotEmpty().isEqualTo(direct.at(pointer));
	}

	@Test
	void linesTheEndpointRejectsGoToTheErrorFile() {
		MockOpenAIServer server = start(Duration.ofMillis(10));
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("ok", "Hi"),
				"{\"custom_id\": \"no-model\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", "
						+ "\"body\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}}"));
		String id = create(server, input, "/v1/chat/completions", "").get("id").asString();
		JsonNode completed = await(server, id, (batch) -> batch.get("status").asString().equals("completed"));
		assertThat(completed.get("request_counts").toString()).isEqualTo("{\"total\":2,\"completed\":1,\"failed\":1}");
		assertThat(download(server, completed.get("output_file_id").asString()))
			.extracting((line) -> line.get("custom_id").asString())
			.containsExactly("ok");
		List<JsonNode> errors = download(server, completed.get("error_file_id").asString());
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).get("custom_id").asString()).isEqualTo("no-model");
		assertThat(errors.get(0).at("/response/status_code").asInt()).isEqualTo(400);
		assertThat(errors.get(0).at("/response/body/error/message").asString())
			.isEqualTo("you must provide a model parameter");
	}

	@Test
	void structuralProblemsOfTheInputFailTheWholeBatchWithTheirLines() {
		MockOpenAIServer server = start(Duration.ofMillis(10));
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("a", "Hi"), "not json",
				"{\"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {}}", chatLine("a", "again"),
				chatLine("b", "Hi").replace("\"POST\"", "\"GET\""),
				chatLine("c", "Hi").replace("/v1/chat/completions", "/v1/responses")));
		String id = create(server, input, "/v1/chat/completions", "").get("id").asString();
		JsonNode failed = await(server, id, (batch) -> batch.get("status").asString().equals("failed"));
		assertThat(failed.get("failed_at").asLong()).isPositive();
		assertThat(failed.has("output_file_id")).isFalse();
		assertThat(failed.at("/errors/object").asString()).isEqualTo("list");
		assertThat(failed.at("/errors/data")).extracting((error) -> error.get("code").asString() + "@"
				+ error.get("line").asInt())
			.containsExactly("invalid_json_line@2", "missing_required_parameter@3", "duplicate_custom_id@4",
					"invalid_method@5", "invalid_url@6");
		String empty = server.addFile("empty.jsonl", "batch", new byte[0]);
		JsonNode emptyFailed = await(server, create(server, empty, "/v1/embeddings", "").get("id").asString(),
				(batch) -> batch.get("status").asString().equals("failed"));
		assertThat(emptyFailed.at("/errors/data/0/code").asString()).isEqualTo("empty_file");
	}

	@Test
	void anInputFileThatIsMissingOrNotForBatchesIsRejected() {
		MockOpenAIServer server = start(Duration.ofMillis(10));
		String userData = server.addFile("input.jsonl", "user_data", lines(chatLine("a", "Hi")));
		assertRejected(Http.post(server, "/v1/batches", body("file-missing", "/v1/chat/completions", "")),
				"input_file_id");
		assertRejected(Http.post(server, "/v1/batches", body(userData, "/v1/chat/completions", "")), "input_file_id");
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("a", "Hi")));
		assertRejected(Http.post(server, "/v1/batches", body(input, "/v1/nothing", "")), "endpoint");
		assertRejected(Http.post(server, "/v1/batches",
				"{\"input_file_id\": \"" + input + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": "
						+ "\"1h\"}"), "completion_window");
		assertRejected(Http.post(server, "/v1/batches", "{\"endpoint\": \"/v1/embeddings\"}"), "input_file_id");
		assertThat(Http.json(Http.get(server, "/v1/batches")).get("data")).isEmpty();
	}

	@Test
	void aCancelledBatchKeepsTheLinesItHadAnswered() {
		MockOpenAIServer server = start(Duration.ofMillis(100));
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 40_000; i++) {
			lines.add(chatLine("c" + i, "Line " + i));
		}
		String input = server.addFile("input.jsonl", "batch", lines(lines.toArray(String[]::new)));
		String id = create(server, input, "/v1/chat/completions", "").get("id").asString();
		await(server, id, (batch) -> batch.at("/request_counts/completed").asInt() > 0);
		JsonNode cancelling = Http.json(Http.post(server, "/v1/batches/" + id + "/cancel", ""));
		assertThat(cancelling.get("status").asString()).isEqualTo("cancelling");
		assertThat(cancelling.get("cancelling_at").asLong()).isPositive();
		JsonNode cancelled = await(server, id, (batch) -> batch.get("status").asString().equals("cancelled"));
		assertThat(cancelled.get("cancelled_at").asLong()).isPositive();
		int completed = cancelled.at("/request_counts/completed").asInt();
		assertThat(completed).isPositive().isLessThan(40_000);
		assertThat(download(server, cancelled.get("output_file_id").asString())).hasSize(completed);
		HttpResponse<String> again = Http.post(server, "/v1/batches/" + id + "/cancel", "");
		assertThat(again.statusCode()).isEqualTo(409);
	}

	@Test
	void aBatchCancelledWhileValidatingEndsCancelledWithoutOutput() {
		MockOpenAIServer server = start(Duration.ofMillis(300));
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("a", "Hi")));
		String id = create(server, input, "/v1/chat/completions", "").get("id").asString();
		assertThat(Http.json(Http.post(server, "/v1/batches/" + id + "/cancel", "")).get("status").asString())
			.isEqualTo("cancelling");
		JsonNode cancelled = await(server, id, (batch) -> batch.get("status").asString().equals("cancelled"));
		assertThat(cancelled.has("output_file_id")).isFalse();
		assertThat(cancelled.has("in_progress_at")).isFalse();
	}

	@Test
	void batchesAreListedNewestFirstInPages() {
		MockOpenAIServer server = start(Duration.ofSeconds(30));
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("a", "Hi")));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(create(server, input, "/v1/chat/completions", "").get("id").asString());
		}
		JsonNode page = Http.json(Http.get(server, "/v1/batches?limit=2"));
		assertThat(page.get("data")).extracting((batch) -> batch.get("id").asString())
			.containsExactly(ids.get(2), ids.get(1));
		assertThat(page.get("has_more").asBoolean()).isTrue();
		assertThat(page.get("first_id").asString()).isEqualTo(ids.get(2));
		assertThat(page.get("last_id").asString()).isEqualTo(ids.get(1));
		JsonNode next = Http.json(Http.get(server, "/v1/batches?limit=2&after=" + ids.get(1)));
		assertThat(next.get("data")).extracting((batch) -> batch.get("id").asString()).containsExactly(ids.get(0));
		assertThat(next.get("has_more").asBoolean()).isFalse();
		HttpResponse<String> missing = Http.get(server, "/v1/batches/batch_missing");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(Http.json(missing).at("/error/param").asString()).isEqualTo("id");
		server.reset();
		assertThat(Http.get(server, "/v1/batches/" + ids.get(0)).statusCode()).isEqualTo(404);
	}

	@Test
	void closeStopsTheThreadThatRunsBatches() {
		Set<Thread> before = batchThreads();
		MockOpenAIServer server = start(Duration.ofMillis(50));
		String input = server.addFile("input.jsonl", "batch", lines(chatLine("a", "Hi")));
		create(server, input, "/v1/chat/completions", "");
		Set<Thread> started = batchThreads();
		started.removeAll(before);
		assertThat(started).hasSize(1);
		server.close();
		assertThat(started).allSatisfy((thread) -> assertThat(thread.isAlive()).isFalse());
	}

	private static Set<Thread> batchThreads() {
		Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
		threads.removeIf((thread) -> !thread.getName().equals("mock-openai-batches"));
		return threads;
	}

	private MockOpenAIServer start(Duration stepDelay) {
		MockOpenAIServer server = MockOpenAIServer.builder().batchStepDelay(stepDelay).start();
		this.servers.add(server);
		return server;
	}

	static String chatLine(String customId, String text) {
		return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", "
				+ "\"body\": " + chatBody(text) + "}";
	}

	private static String chatBody(String text) {
		return "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"" + text + "\"}]}";
	}

	static byte[] lines(String... lines) {
		return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	static String body(String inputFileId, String endpoint, String options) {
		return "{\"input_file_id\": \"" + inputFileId + "\", \"endpoint\": \"" + endpoint
				+ "\", \"completion_window\": \"24h\"" + options + "}";
	}

	static JsonNode create(MockOpenAIServer server, String inputFileId, String endpoint, String options) {
		HttpResponse<String> response = Http.post(server, "/v1/batches", body(inputFileId, endpoint, options));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	/** Polls a batch until it satisfies a condition, for a bounded time. */
	static JsonNode await(MockOpenAIServer server, String id, Predicate<JsonNode> condition) {
		return Http.await(server, "/v1/batches/" + id, condition, WAIT);
	}

	static List<JsonNode> download(MockOpenAIServer server, String fileId) {
		HttpResponse<String> response = Http.get(server, "/v1/files/" + fileId + "/content");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().lines().map(Http::json).toList();
	}

	private static void assertRejected(HttpResponse<String> response, String param) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(Http.json(response).at("/error/param").asString()).isEqualTo(param);
	}

}
