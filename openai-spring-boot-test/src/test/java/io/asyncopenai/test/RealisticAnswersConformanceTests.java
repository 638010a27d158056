package io.asyncopenai.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of the realistic endpoints, in each of their variants, validated against the
 * API description's schemas with an independent JSON Schema validator.
 */
class RealisticAnswersConformanceTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	@ParameterizedTest
	@ValueSource(strings = { "", ", \"n\": 3", ", \"max_completion_tokens\": 1",
			", \"response_format\": {\"type\": \"json_object\"}", ", \"stop\": [\"you\"]" })
	void chatCompletionsAreValid(String options) {
		JsonNode completion = ok(Http.post(server(), "/v1/chat/completions",
				"{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"How are you\"}]" + options
						+ "}"));
		assertValid("CreateChatCompletionResponse", completion);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ", \"stream_options\": {\"include_usage\": true}",
			", \"stream_options\": {\"include_obfuscation\": false}",
			", \"stream_options\": {\"include_usage\": true, \"include_obfuscation\": false}", ", \"n\": 2",
			", \"max_tokens\": 1" })
	void chatCompletionChunksAreValid(String options) {
		List<Sse.Event> events = stream("/v1/chat/completions",
				"{\"model\": \"gpt-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Hi you\"}]"
						+ options + "}");
		assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
		events.subList(0, events.size() - 1)
			.forEach((event) -> assertValid("CreateChatCompletionStreamResponse", Http.json(event.data())));
	}

	@Test
	void chatStreamErrorIsAValidError() {
		server().enqueue(Fault.streamError(1));
		List<Sse.Event> events = stream("/v1/chat/completions",
				"{\"model\": \"gpt-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
		assertValid("ErrorResponse", Http.json(events.get(events.size() - 1).data()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ", \"instructions\": \"Be brief.\"", ", \"max_output_tokens\": 1",
			", \"store\": false", ", \"metadata\": {\"key\": \"value\"}", ", \"user\": \"user-1\"" })
	void responsesAreValid(String options) {
		JsonNode response = ok(Http.post(server(), "/v1/responses",
				"{\"model\": \"gpt-4o\", \"input\": [{\"role\": \"user\", \"content\": \"Hello there\"}]" + options + "}"));
		assertValid("Response", response);
	}

	@Test
	void backgroundResponsesAreValidInEachState() {
		JsonNode queued = ok(Http.post(server(), "/v1/responses",
				"{\"model\": \"gpt-4o\", \"input\": \"Hello\", \"background\": true}"));
		assertValid("Response", queued);
		String id = queued.get("id").asString();
		assertValid("Response", ok(Http.post(server(), "/v1/responses/" + id + "/cancel", "")));
		JsonNode other = ok(Http.post(server(), "/v1/responses",
				"{\"model\": \"gpt-4o\", \"input\": \"Hello\", \"background\": true}"));
		JsonNode completed = ok(Http.get(server(), "/v1/responses/" + other.get("id").asString()));
		assertThat(completed.get("status").asString()).isEqualTo("completed");
		assertValid("Response", completed);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ", \"max_output_tokens\": 1", ", \"store\": false" })
	void responseEventsAreValid(String options) {
		List<Sse.Event> events = stream("/v1/responses",
				"{\"model\": \"gpt-4o\", \"stream\": true, \"input\": \"Hi you\"" + options + "}");
		assertThat(events).hasSizeGreaterThan(5);
		events.forEach((event) -> assertValid("ResponseStreamEvent", Http.json(event.data())));
	}

	@Test
	void fileSearchResponsesAreValidWholeAndStreamed() {
		String store = VectorStoresEndpointTests.storeWithPolicies(server());
		String request = "{\"model\": \"gpt-4o\", \"input\": \"How do returns and refunds work?\", \"tools\": "
				+ "[{\"type\": \"file_search\", \"vector_store_ids\": [\"" + store + "\"], \"max_num_results\": 2}], "
				+ "\"include\": [\"file_search_call.results\"]";
		JsonNode response = ok(Http.post(server(), "/v1/responses", request + "}"));
		assertValid("Response", response);
		assertThat(response.at("/output/0/type").asString()).isEqualTo("file_search_call");
		assertThat(response.at("/output/0/queries/0").asString()).isEqualTo("How do returns and refunds work?");
		assertThat(response.at("/output/0/results")).hasSize(2);
		assertThat(response.at("/output/0/results/0/filename").asString()).isEqualTo("returns.txt");
		JsonNode text = response.at("/output/1/content/0");
		assertThat(text.get("text").asString()).startsWith("From returns.txt: ");
		assertThat(text.at("/annotations/0/type").asString()).isEqualTo("file_citation");
		assertThat(text.at("/annotations/0/filename").asString()).isEqualTo("returns.txt");
		assertThat(response.at("/tools/0/type").asString()).isEqualTo("file_search");
		List<Sse.Event> events = stream("/v1/responses", request + ", \"stream\": true}");
		events.forEach((event) -> assertValid("ResponseStreamEvent", Http.json(event.data())));
		assertThat(events).extracting(Sse.Event::name)
			.containsSubsequence("response.output_item.added", "response.file_search_call.in_progress",
					"response.file_search_call.searching", "response.file_search_call.completed",
					"response.output_item.done", "response.output_item.added", "response.output_text.delta",
					"response.completed");
		JsonNode completed = Http.json(events.get(events.size() - 1).data()).get("response");
		assertThat(completed.at("/output/1/content/0/text").asString()).isEqualTo(text.get("text").asString());
		JsonNode nothing = ok(Http.post(server(), "/v1/responses", "{\"model\": \"gpt-4o\", \"input\": \"x\", "
				+ "\"tools\": [{\"type\": \"file_search\", \"vector_store_ids\": [\"vs_missing\"]}]}"));
		assertValid("Response", nothing);
		assertThat(nothing.at("/output/1/content/0/text").asString()).isEqualTo("I found nothing about \"x\" in the files.");
	}

	@Test
	void responseStreamErrorIsAValidEvent() {
		server().enqueue(Fault.streamError(2));
		List<Sse.Event> events = stream("/v1/responses", "{\"model\": \"gpt-4o\", \"stream\": true, \"input\": \"Hi\"}");
		Sse.Event error = events.get(events.size() - 1);
		assertThat(error.name()).isEqualTo("error");
		assertValid("ResponseStreamEvent", Http.json(error.data()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"input\": \"Hello\"", "\"input\": [\"a\", \"b\"], \"encoding_format\": \"base64\"",
			"\"input\": [1, 2, 3], \"dimensions\": 8", "\"input\": [[1, 2], [3]], \"encoding_format\": \"float\"" })
	void embeddingsAreValid(String input) {
		JsonNode embeddings = ok(
				Http.post(server(), "/v1/embeddings", "{\"model\": \"text-embedding-3-small\", " + input + "}"));
		assertValid("CreateEmbeddingResponse", decoded(embeddings));
	}

	/**
	 * The embeddings with base64 vectors decoded: the description has no string variant of
	 * {@code embedding} for {@code encoding_format: base64}, though the API sends one (and
	 * the official SDKs ask for it), so what is checked is the vector it stands for.
	 */
	private static JsonNode decoded(JsonNode embeddings) {
		JsonNode copy = embeddings.deepCopy();
		for (JsonNode embedding : copy.path("data")) {
			JsonNode vector = embedding.path("embedding");
			if (vector.isString()) {
				ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(vector.asString()))
					.order(ByteOrder.LITTLE_ENDIAN);
				assertThat(bytes.remaining() % Float.BYTES).isZero();
				ArrayNode floats = ((ObjectNode) embedding).putArray("embedding");
				while (bytes.hasRemaining()) {
					floats.add(bytes.getFloat());
				}
			}
		}
		return copy;
	}

	@Test
	void modelsAreValid() {
		server().addModel("ft:gpt-4o-mini:mock:valid:1", "user-mock");
		assertValid("ListModelsResponse", ok(Http.get(server(), "/v1/models")));
		assertValid("Model", ok(Http.get(server(), "/v1/models/gpt-4o")));
		assertValid("DeleteModelResponse", ok(Http.delete(server(), "/v1/models/ft:gpt-4o-mini:mock:valid:1")));
	}

	@Test
	void filesAreValid() {
		MockOpenAIServer server = server();
		JsonNode file = ok(Forms.post(server, "/v1/files", Forms.form()
			.field("purpose", "batch")
			.field("expires_after[anchor]", "created_at")
			.field("expires_after[seconds]", "7200")
			.file("file", "input.jsonl", new byte[] { '{', '}' })
			.build()));
		assertValid("OpenAIFile", file);
		String id = file.get("id").asString();
		assertValid("OpenAIFile", ok(Http.get(server, "/v1/files/" + id)));
		server.addGeneratedFile("generated.bin", "user_data", 10);
		assertValid("ListFilesResponse", ok(Http.get(server, "/v1/files")));
		assertValid("ListFilesResponse", ok(Http.get(server, "/v1/files?purpose=batch&order=asc&limit=1")));
		assertValid("DeleteFileResponse", ok(Http.delete(server, "/v1/files/" + id)));
		assertError(Http.get(server, "/v1/files/" + id), 404);
		assertError(Http.get(server, "/v1/files/" + id + "/content"), 404);
		assertError(Forms.post(server, "/v1/files", Forms.form().field("purpose", "batch").build()), 400);
		assertError(Forms.post(server, "/v1/files", Forms.form().field("purpose", "x").build()), 400);
		assertError(Forms.post(server, "/v1/files", "not a form".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				400);
	}

	@Test
	void uploadsAreValid() {
		MockOpenAIServer server = server();
		JsonNode upload = UploadsEndpointTests.create(server, 2);
		assertValid("Upload", upload);
		String id = upload.get("id").asString();
		String part = UploadsEndpointTests.addPart(server, id, new byte[] { 1, 2 });
		assertValid("UploadPart", Http.json(Forms.post(server, "/v1/uploads/" + id + "/parts",
				Forms.form().file("data", "blob", new byte[0]).build())));
		assertValid("Upload", ok(Http.post(server, "/v1/uploads/" + id + "/complete",
				"{\"part_ids\": [\"" + part + "\"]}")));
		assertValid("Upload", ok(Http.post(server,
				"/v1/uploads/" + UploadsEndpointTests.create(server, 1).get("id").asString() + "/cancel", "")));
		assertError(Http.post(server, "/v1/uploads/" + id + "/complete", "{\"part_ids\": []}"), 400);
		assertError(Http.post(server, "/v1/uploads/upload_none/cancel", ""), 404);
		assertError(Http.post(server, "/v1/uploads", "{}"), 400);
	}

	@Test
	void batchesAreValidInEachState() {
		MockOpenAIServer server = server();
		String input = server.addFile("input.jsonl", "batch", BatchesEndpointTests.lines(
				BatchesEndpointTests.chatLine("a", "Hi"),
				BatchesEndpointTests.chatLine("b", "Hi").replace("\"model\": \"gpt-4o\", ", "")));
		JsonNode created = BatchesEndpointTests.create(server, input, "/v1/chat/completions",
				", \"metadata\": {\"k\": \"v\"}");
		assertValid("Batch", created);
		String id = created.get("id").asString();
		JsonNode completed = BatchesEndpointTests.await(server, id, (batch) -> {
			assertValid("Batch", batch);
			return batch.get("status").asString().equals("completed");
		});
		assertThat(completed.has("error_file_id")).isTrue();
		for (String file : List.of("output_file_id", "error_file_id")) {
			JsonNode line = BatchesEndpointTests.download(server, completed.get(file).asString()).get(0);
			String schema = (line.at("/response/status_code").asInt() == 200) ? "CreateChatCompletionResponse"
					: "ErrorResponse";
			assertValid(schema, line.at("/response/body"));
		}
		assertValid("ListBatchesResponse", ok(Http.get(server, "/v1/batches")));
		assertValid("ListBatchesResponse", ok(Http.get(server, "/v1/batches?limit=1&after=" + id)));
		String bad = server.addFile("bad.jsonl", "batch", BatchesEndpointTests.lines("not json"));
		String failed = BatchesEndpointTests.create(server, bad, "/v1/chat/completions", "").get("id").asString();
		assertValid("Batch", BatchesEndpointTests.await(server, failed,
				(batch) -> batch.get("status").asString().equals("failed")));
		String other = BatchesEndpointTests.create(server, input, "/v1/chat/completions", "").get("id").asString();
		assertValid("Batch", ok(Http.post(server, "/v1/batches/" + other + "/cancel", "")));
		assertValid("Batch", BatchesEndpointTests.await(server, other,
				(batch) -> batch.get("status").asString().equals("cancelled")));
		assertError(Http.get(server, "/v1/batches/batch_missing"), 404);
		assertError(Http.post(server, "/v1/batches/" + id + "/cancel", ""), 409);
		assertError(Http.post(server, "/v1/batches", BatchesEndpointTests.body("file-none", "/v1/embeddings", "")), 400);
	}

	@Test
	void vectorStoresAreValidInEachState() {
		MockOpenAIServer server = server();
		String store = VectorStoresEndpointTests.storeWithPolicies(server);
		String path = "/v1/vector_stores/" + store;
		assertValid("VectorStoreObject", ok(Http.get(server, path)));
		assertValid("VectorStoreObject", ok(Http.post(server, "/v1/vector_stores", "{\"name\": \"other\", "
				+ "\"description\": \"d\", \"expires_after\": {\"anchor\": \"last_active_at\", \"days\": 2}, "
				+ "\"file_ids\": [\"file-missing\"]}")));
		assertValid("VectorStoreObject", ok(Http.post(server, path, "{\"name\": null, \"expires_after\": null}")));
		assertValid("ListVectorStoresResponse", ok(Http.get(server, "/v1/vector_stores?limit=1")));
		JsonNode files = ok(Http.get(server, path + "/files"));
		assertValid("ListVectorStoreFilesResponse", files);
		String fileId = files.at("/data/0/id").asString();
		assertValid("VectorStoreFileObject", ok(Http.get(server, path + "/files/" + fileId)));
		assertValid("VectorStoreFileObject", ok(Http.post(server, path + "/files/" + fileId,
				"{\"attributes\": {\"n\": 1.5, \"b\": false}}")));
		assertValid("VectorStoreFileContentResponse", ok(Http.get(server, path + "/files/" + fileId + "/content")));
		String binary = server.addGeneratedFile("binary.bin", "assistants", 64);
		JsonNode batch = ok(Http.post(server, path + "/file_batches", "{\"file_ids\": [\"" + binary + "\"]}"));
		assertValid("VectorStoreFileBatchObject", batch);
		String batchPath = path + "/file_batches/" + batch.get("id").asString();
		assertValid("VectorStoreFileBatchObject", VectorStoresEndpointTests.await(server, batchPath,
				(each) -> each.get("status").asString().equals("completed")));
		JsonNode failed = ok(Http.get(server, path + "/files/" + binary));
		assertThat(failed.get("status").asString()).isEqualTo("failed");
		assertValid("VectorStoreFileObject", failed);
		assertValid("ListVectorStoreFilesResponse", ok(Http.get(server, batchPath + "/files")));
		JsonNode cancelled = ok(Http.post(server, path + "/file_batches", "{\"file_ids\": [\"" + fileId + "\"]}"));
		assertValid("VectorStoreFileBatchObject", ok(Http.post(server, path + "/file_batches/"
				+ cancelled.get("id").asString() + "/cancel", "")));
		assertValid("VectorStoreSearchResultsPage", ok(Http.post(server, path + "/search",
				"{\"query\": [\"return policy\", \"shipping\"], \"rewrite_query\": true, \"filters\": {\"type\": "
						+ "\"eq\", \"key\": \"public\", \"value\": true}}")));
		assertValid("DeleteVectorStoreFileResponse", ok(Http.delete(server, path + "/files/" + fileId)));
		assertValid("DeleteVectorStoreResponse", ok(Http.delete(server, path)));
		assertError(Http.get(server, path), 404);
		assertError(Http.post(server, "/v1/vector_stores", "{\"metadata\": []}"), 400);
	}

	@Test
	void audioAnswersAreValid() {
		MockOpenAIServer server = server();
		List<Sse.Event> speech = stream("/v1/audio/speech", "{\"model\": \"gpt-4o-mini-tts\", \"voice\": \"alloy\", "
				+ "\"input\": \"Hello there\", \"stream_format\": \"sse\"}");
		speech.forEach((event) -> assertValid("CreateSpeechResponseStreamEvent", Http.json(event.data())));
		for (String model : List.of("whisper-1", "gpt-4o-transcribe")) {
			assertValid("CreateTranscriptionResponseJson", ok(Forms.post(server, "/v1/audio/transcriptions",
					audioForm(model).build())));
		}
		assertValid("CreateTranscriptionResponseVerboseJson", ok(Forms.post(server, "/v1/audio/transcriptions",
				audioForm("whisper-1").field("response_format", "verbose_json")
					.field("timestamp_granularities[]", "word")
					.build())));
		HttpResponse<String> streamed = Forms.post(server, "/v1/audio/transcriptions",
				audioForm("gpt-4o-transcribe").field("stream", "true").build());
		Sse.parse(streamed.body())
			.forEach((event) -> assertValid("CreateTranscriptionResponseStreamEvent", Http.json(event.data())));
		assertValid("CreateTranslationResponseJson", ok(Forms.post(server, "/v1/audio/translations",
				audioForm("whisper-1").build())));
		assertValid("CreateTranslationResponseVerboseJson", ok(Forms.post(server, "/v1/audio/translations",
				audioForm("whisper-1").field("response_format", "verbose_json").build())));
		assertError(Http.post(server, "/v1/audio/speech", "{\"model\": \"tts-1\", \"voice\": \"alloy\"}"), 400);
		assertError(Forms.post(server, "/v1/audio/transcriptions", Forms.form().field("model", "whisper-1").build()),
				400);
	}

	@Test
	void imageAnswersAreValid() {
		MockOpenAIServer server = server();
		for (String options : List.of("\"model\": \"gpt-image-1\", \"n\": 2, \"quality\": \"medium\"",
				"\"model\": \"gpt-image-1\", \"size\": \"64x64\", \"background\": \"transparent\"",
				"\"model\": \"dall-e-2\", \"size\": \"256x256\"",
				"\"model\": \"dall-e-3\", \"size\": \"1024x1024\", \"response_format\": \"b64_json\"")) {
			assertValid("ImagesResponse", ok(Http.post(server, "/v1/images/generations",
					"{\"prompt\": \"A cat\", " + options + "}")));
		}
		stream("/v1/images/generations", "{\"model\": \"gpt-image-1\", \"prompt\": \"A cat\", \"size\": \"64x64\", "
				+ "\"stream\": true, \"partial_images\": 3}")
			.forEach((event) -> assertValid("ImageGenStreamEvent", Http.json(event.data())));
		byte[] png = Png.png(16, 16, 0x404040, false);
		assertValid("ImagesResponse", ok(Forms.post(server, "/v1/images/edits", Forms.form()
			.file("image", "a.png", png)
			.field("prompt", "Add a hat")
			.build())));
		Sse.parse(Forms.post(server, "/v1/images/edits", Forms.form()
			.file("image", "a.png", png)
			.field("prompt", "Add a hat")
			.field("stream", "true")
			.field("partial_images", "2")
			.build()).body()).forEach((event) -> assertValid("ImageEditStreamEvent", Http.json(event.data())));
		assertValid("ImagesResponse", ok(Forms.post(server, "/v1/images/variations",
				Forms.form().file("image", "a.png", png).field("size", "256x256").build())));
		assertError(Http.post(server, "/v1/images/generations", "{\"n\": 1}"), 400);
	}

	private static Forms audioForm(String model) {
		return Forms.form().file("file", "audio.mp3", new byte[4000]).field("model", model);
	}

	@Test
	void errorsAreValid() {
		MockOpenAIServer server = server();
		server.rejectApiKey(Http.KEY);
		assertError(Http.get(server, "/v1/models"), 401);
		server.reset();
		assertError(Http.send(HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
			.timeout(Http.TIMEOUT)
			.GET()
			.build()), 401);
		assertError(Http.get(server, "/v1/no-such-thing"), 404);
		assertError(Http.get(server, "/v1/models/no-such-model"), 404);
		assertError(Http.delete(server, "/v1/models/gpt-4o"), 403);
		assertError(Http.get(server, "/v1/responses/resp_missing"), 404);
		assertError(Http.post(server, "/v1/chat/completions", "{\"messages\": []}"), 400);
		assertError(Http.post(server, "/v1/chat/completions", "not json"), 400);
		assertError(Http.post(server, "/v1/chat/completions",
				"{\"model\": \"gpt-4o\", \"n\": 0, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}"), 400);
		assertError(Http.post(server, "/v1/embeddings", "{\"model\": \"text-embedding-ada-002\", \"input\": \"a\", "
				+ "\"dimensions\": 8}"), 400);
		assertError(Http.post(server, "/v1/responses", "{\"input\": \"Hi\"}"), 400);
		server.enqueue(Fault.error(429), Fault.error(500), Fault.error(503));
		assertError(Http.get(server, "/v1/models"), 429);
		assertError(Http.get(server, "/v1/batches"), 500);
		assertError(Http.get(server, "/v1/files"), 503);
	}

	private static void assertError(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertValid("ErrorResponse", Http.json(response));
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	private static List<Sse.Event> stream(String path, String body) {
		HttpResponse<String> response = Http.post(server(), path, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Sse.parse(response.body());
	}

	private static void assertValid(String schema, JsonNode value) {
		assertThat(OpenAPISchemas.validate(schema, value)).as("%s: %s", schema, value).isEmpty();
	}

	private static MockOpenAIServer server() {
		return mock.server();
	}

}
