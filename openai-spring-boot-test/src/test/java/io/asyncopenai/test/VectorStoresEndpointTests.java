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
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class VectorStoresEndpointTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	static final String RETURNS = "Our return policy: items may be returned within 30 days of delivery for a full "
			+ "refund, provided they are unused and in their original packaging.";

	static final String SHIPPING = "Shipping takes three to five business days. Express delivery is available in "
			+ "major cities at extra cost.";

	static final String WARRANTY = "Every laptop carries a two year warranty covering hardware faults, batteries "
			+ "excepted.";

	private final List<MockOpenAIServer> servers = new ArrayList<>();

	@AfterEach
	void closeServers() {
		this.servers.forEach(MockOpenAIServer::close);
	}

	@Test
	void aStoreIsCreatedRetrievedListedModifiedAndDeleted() {
		MockOpenAIServer server = start(Duration.ofMillis(10));
		JsonNode created = ok(Http.post(server, "/v1/vector_stores", "{\"name\": \"docs\", \"metadata\": {\"team\": "
				+ "\"mock\"}, \"expires_after\": {\"anchor\": \"last_active_at\", \"days\": 7}}"));
		String id = created.get("id").asString();
		assertThat(id).startsWith("vs_");
		assertThat(created.get("object").asString()).isEqualTo("vector_store");
		assertThat(created.get("name").asString()).isEqualTo("docs");
		assertThat(created.get("status").asString()).isEqualTo("completed");
		assertThat(created.get("usage_bytes").asLong()).isZero();
		assertThat(created.get("file_counts").toString())
			.isEqualTo("{\"in_progress\":0,\"completed\":0,\"failed\":0,\"cancelled\":0,\"total\":0}");
		assertThat(created.get("metadata").get("team").asString()).isEqualTo("mock");
		assertThat(created.get("expires_at").asLong() - created.get("last_active_at").asLong()).isEqualTo(7 * 86400);
		assertThat(ok(Http.get(server, "/v1/vector_stores/" + id)).get("id").asString()).isEqualTo(id);
		JsonNode modified = ok(Http.post(server, "/v1/vector_stores/" + id,
				"{\"name\": \"manuals\", \"expires_after\": null}"));
		assertThat(modified.get("name").asString()).isEqualTo("manuals");
		assertThat(modified.has("expires_after")).isFalse();
		assertThat(modified.get("expires_at").isNull()).isTrue();
		assertThat(modified.get("metadata").get("team").asString()).isEqualTo("mock");
		JsonNode deleted = ok(Http.delete(server, "/v1/vector_stores/" + id));
		assertThat(deleted.toString()).isEqualTo("{\"id\":\"" + id + "\",\"object\":\"vector_store.deleted\","
				+ "\"deleted\":true}");
		HttpResponse<String> missing = Http.get(server, "/v1/vector_stores/" + id);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(Http.json(missing).at("/error/message").asString())
			.isEqualTo("No vector store found with id '" + id + "'.");
		assertThat(Http.delete(server, "/v1/vector_stores/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void listsPageNewestFirstWithCursorsEitherWay() {
		MockOpenAIServer server = start(Duration.ofMillis(10));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(createStore(server, "store " + i));
		}
		JsonNode all = ok(Http.get(server, "/v1/vector_stores"));
		assertThat(all.get("data")).extracting((store) -> store.get("id").asString())
			.containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
		assertThat(all.get("has_more").asBoolean()).isFalse();
		JsonNode first = ok(Http.get(server, "/v1/vector_stores?limit=2&order=asc"));
		assertThat(first.get("data")).extracting((store) -> store.get("id").asString())
			.containsExactly(ids.get(0), ids.get(1));
		assertThat(first.get("first_id").asString()).isEqualTo(ids.get(0));
		assertThat(first.get("last_id").asString()).isEqualTo(ids.get(1));
		assertThat(first.get("has_more").asBoolean()).isTrue();
		JsonNode next = ok(Http.get(server, "/v1/vector_stores?limit=2&order=asc&after=" + ids.get(1)));
		assertThat(next.get("data")).extracting((store) -> store.get("id").asString())
			.containsExactly(ids.get(2), ids.get(3));
		JsonNode previous = ok(Http.get(server, "/v1/vector_stores?limit=2&order=asc&before=" + ids.get(4)));
		assertThat(previous.get("data")).extracting((store) -> store.get("id").asString())
			.containsExactly(ids.get(2), ids.get(3));
		assertThat(previous.get("has_more").asBoolean()).isTrue();
		assertThat(Http.get(server, "/v1/vector_stores?limit=101").statusCode()).isEqualTo(400);
		assertThat(Http.get(server, "/v1/vector_stores?order=up").statusCode()).isEqualTo(400);
	}

	@Test
	void aFileIsInProgressThenCompletedAndCountsItsBytes() {
		// Long enough that the answers right after the add still see the file in progress on a busy machine.
		MockOpenAIServer server = start(Duration.ofMillis(500));
		byte[] text = RETURNS.getBytes(StandardCharsets.UTF_8);
		String fileId = server.addFile("returns.txt", "assistants", text);
		String store = createStore(server, "docs");
		JsonNode added = ok(Http.post(server, "/v1/vector_stores/" + store + "/files",
				"{\"file_id\": \"" + fileId + "\", \"attributes\": {\"topic\": \"returns\", \"year\": 2024}}"));
		assertThat(added.get("id").asString()).isEqualTo(fileId);
		assertThat(added.get("object").asString()).isEqualTo("vector_store.file");
		assertThat(added.get("vector_store_id").asString()).isEqualTo(store);
		assertThat(added.get("status").asString()).isEqualTo("in_progress");
		assertThat(added.get("last_error").isNull()).isTrue();
		assertThat(added.get("chunking_strategy").toString())
			.isEqualTo("{\"type\":\"static\",\"static\":{\"max_chunk_size_tokens\":800,\"chunk_overlap_tokens\":400}}");
		assertThat(added.get("attributes").toString()).isEqualTo("{\"topic\":\"returns\",\"year\":2024}");
		assertThat(ok(Http.get(server, "/v1/vector_stores/" + store)).get("status").asString())
			.isEqualTo("in_progress");
		Set<String> seen = new LinkedHashSet<>();
		JsonNode completed = awaitFile(server, store, fileId, (file) -> {
			seen.add(file.get("status").asString());
			return file.get("status").asString().equals("completed");
		});
		assertThat(seen).containsExactly("in_progress", "completed");
		assertThat(completed.get("usage_bytes").asLong()).isEqualTo(text.length);
		JsonNode vectorStore = ok(Http.get(server, "/v1/vector_stores/" + store));
		assertThat(vectorStore.get("status").asString()).isEqualTo("completed");
		assertThat(vectorStore.get("usage_bytes").asLong()).isEqualTo(text.length);
		assertThat(vectorStore.at("/file_counts/completed").asInt()).isEqualTo(1);
		assertThat(vectorStore.at("/file_counts/total").asInt()).isEqualTo(1);
		JsonNode content = ok(Http.get(server, "/v1/vector_stores/" + store + "/files/" + fileId + "/content"));
		assertThat(content.get("object").asString()).isEqualTo("vector_store.file_content.page");
		assertThat(content.get("data")).extracting((chunk) -> chunk.get("text").asString()).containsExactly(RETURNS);
	}

	@Test
	void staticChunkingSplitsByWordsWithTheOverlapAsked() {
		MockOpenAIServer server = start(Duration.ZERO);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 250; i++) {
			text.append("w").append(i).append((i % 10 == 9) ? "\n" : " ");
		}
		String fileId = server.addFile("words.txt", "assistants", text.toString().getBytes(StandardCharsets.UTF_8));
		String store = createStore(server, "docs");
		ok(Http.post(server, "/v1/vector_stores/" + store + "/files", "{\"file_id\": \"" + fileId
				+ "\", \"chunking_strategy\": {\"type\": \"static\", \"static\": {\"max_chunk_size_tokens\": 100, "
				+ "\"chunk_overlap_tokens\": 50}}}"));
		awaitFile(server, store, fileId, (file) -> file.get("status").asString().equals("completed"));
		JsonNode content = ok(Http.get(server, "/v1/vector_stores/" + store + "/files/" + fileId + "/content"));
		List<String> chunks = new ArrayList<>();
		content.get("data").forEach((chunk) -> chunks.add(chunk.get("text").asString()));
		assertThat(chunks).hasSize(4);
		assertThat(chunks.get(0)).startsWith("w0 ").endsWith(" w99");
		assertThat(chunks.get(1)).startsWith("w50 ").endsWith(" w149");
		assertThat(chunks.get(3)).startsWith("w150 ").endsWith(" w249");
		assertThat(chunks.get(0)).contains("w9\nw10");
	}

	@Test
	void aFileThatIsNotTextOrDoesNotExistFails() {
		MockOpenAIServer server = start(Duration.ZERO);
		String binary = server.addGeneratedFile("image.bin", "assistants", 4096);
		String store = createStore(server, "docs");
		ok(Http.post(server, "/v1/vector_stores/" + store + "/files", "{\"file_id\": \"" + binary + "\"}"));
		ok(Http.post(server, "/v1/vector_stores/" + store + "/files", "{\"file_id\": \"file-missing\"}"));
		JsonNode unsupported = awaitFile(server, store, binary, (file) -> !file.get("status").asString()
			.equals("in_progress"));
		assertThat(unsupported.get("status").asString()).isEqualTo("failed");
		assertThat(unsupported.at("/last_error/code").asString()).isEqualTo("unsupported_file");
		assertThat(unsupported.get("usage_bytes").asLong()).isZero();
		JsonNode missing = awaitFile(server, store, "file-missing", (file) -> !file.get("status").asString()
			.equals("in_progress"));
		assertThat(missing.get("status").asString()).isEqualTo("failed");
		assertThat(missing.at("/last_error/code").asString()).isEqualTo("invalid_file");
		JsonNode vectorStore = ok(Http.get(server, "/v1/vector_stores/" + store));
		assertThat(vectorStore.at("/file_counts/failed").asInt()).isEqualTo(2);
		assertThat(vectorStore.get("usage_bytes").asLong()).isZero();
		JsonNode failed = ok(Http.get(server, "/v1/vector_stores/" + store + "/files?filter=failed"));
		assertThat(failed.get("data")).hasSize(2);
		assertThat(ok(Http.get(server, "/v1/vector_stores/" + store + "/files?filter=completed")).get("data"))
			.isEmpty();
		assertThat(Http.get(server, "/v1/vector_stores/" + store + "/files?filter=done").statusCode()).isEqualTo(400);
	}

	@Test
	void searchRanksTheChunkThatSharesWordsWithTheQueryFirst() {
		MockOpenAIServer server = start(Duration.ZERO);
		String store = storeWithPolicies(server);
		JsonNode page = ok(Http.post(server, "/v1/vector_stores/" + store + "/search",
				"{\"query\": \"What is the return policy?\"}"));
		assertThat(page.get("object").asString()).isEqualTo("vector_store.search_results.page");
		assertThat(page.get("search_query")).extracting(JsonNode::asString).containsExactly("What is the return policy?");
		assertThat(page.get("has_more").asBoolean()).isFalse();
		assertThat(page.get("next_page").isNull()).isTrue();
		JsonNode best = page.get("data").get(0);
		assertThat(best.get("filename").asString()).isEqualTo("returns.txt");
		assertThat(best.at("/content/0/type").asString()).isEqualTo("text");
		assertThat(best.at("/content/0/text").asString()).isEqualTo(RETURNS);
		assertThat(best.get("attributes").get("topic").asString()).isEqualTo("returns");
		assertThat(best.get("score").asDouble()).isBetween(0.3, 1.0);
		for (int i = 1; i < page.get("data").size(); i++) {
			assertThat(page.get("data").get(i).get("score").asDouble()).isLessThan(0.05);
		}
		JsonNode shipping = ok(Http.post(server, "/v1/vector_stores/" + store + "/search",
				"{\"query\": [\"express shipping\", \"nothing relevant\"], \"max_num_results\": 1}"));
		assertThat(shipping.get("data")).hasSize(1);
		assertThat(shipping.at("/data/0/filename").asString()).isEqualTo("shipping.txt");
		JsonNode exact = ok(Http.post(server, "/v1/vector_stores/" + store + "/search",
				"{\"query\": \"" + WARRANTY + "\"}"));
		assertThat(exact.at("/data/0/score").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
	}

	@Test
	void searchFiltersOnAttributesAndScores() {
		MockOpenAIServer server = start(Duration.ZERO);
		String store = storeWithPolicies(server);
		assertThat(filenames(server, store, "{\"type\": \"eq\", \"key\": \"topic\", \"value\": \"shipping\"}"))
			.containsExactly("shipping.txt");
		assertThat(filenames(server, store, "{\"type\": \"ne\", \"key\": \"topic\", \"value\": \"shipping\"}"))
			.containsExactlyInAnyOrder("returns.txt", "warranty.txt");
		assertThat(filenames(server, store, "{\"type\": \"gte\", \"key\": \"year\", \"value\": 2024}"))
			.containsExactlyInAnyOrder("returns.txt", "warranty.txt");
		assertThat(filenames(server, store, "{\"type\": \"lt\", \"key\": \"year\", \"value\": 2024}"))
			.containsExactly("shipping.txt");
		assertThat(filenames(server, store, "{\"type\": \"in\", \"key\": \"topic\", \"value\": [\"returns\", "
				+ "\"warranty\"]}"))
			.containsExactlyInAnyOrder("returns.txt", "warranty.txt");
		assertThat(filenames(server, store, "{\"type\": \"nin\", \"key\": \"topic\", \"value\": [\"returns\"]}"))
			.containsExactlyInAnyOrder("shipping.txt", "warranty.txt");
		assertThat(filenames(server, store, "{\"type\": \"and\", \"filters\": [{\"type\": \"eq\", \"key\": "
				+ "\"public\", \"value\": true}, {\"type\": \"gt\", \"key\": \"year\", \"value\": 2023}]}"))
			.containsExactly("returns.txt");
		assertThat(filenames(server, store, "{\"type\": \"or\", \"filters\": [{\"type\": \"eq\", \"key\": "
				+ "\"topic\", \"value\": \"warranty\"}, {\"type\": \"lte\", \"key\": \"year\", \"value\": 2023}]}"))
			.containsExactlyInAnyOrder("shipping.txt", "warranty.txt");
		JsonNode thresholded = ok(Http.post(server, "/v1/vector_stores/" + store + "/search",
				"{\"query\": \"return policy\", \"ranking_options\": {\"score_threshold\": 0.2}}"));
		assertThat(thresholded.get("data")).extracting((hit) -> hit.get("filename").asString())
			.containsExactly("returns.txt");
		JsonNode rewritten = ok(Http.post(server, "/v1/vector_stores/" + store + "/search",
				"{\"query\": \"What is the return policy?\", \"rewrite_query\": true}"));
		assertThat(rewritten.get("search_query")).extracting(JsonNode::asString).containsExactly("return policy");
		assertThat(rewritten.at("/data/0/filename").asString()).isEqualTo("returns.txt");
		assertThat(search(server, store, "{\"query\": \"x\", \"filters\": {\"type\": \"like\", \"key\": \"a\", "
				+ "\"value\": 1}}").statusCode()).isEqualTo(400);
		assertThat(search(server, store, "{\"query\": \"x\", \"max_num_results\": 51}").statusCode()).isEqualTo(400);
		assertThat(search(server, store, "{\"max_num_results\": 5}").statusCode()).isEqualTo(400);
	}

	@Test
	void fileBatchesCompleteWhenTheirFilesAreIndexedAndListThem() {
		MockOpenAIServer server = start(Duration.ofMillis(100));
		String a = server.addFile("a.txt", "assistants", "alpha".getBytes(StandardCharsets.UTF_8));
		String b = server.addFile("b.txt", "assistants", "beta".getBytes(StandardCharsets.UTF_8));
		String c = server.addGeneratedFile("c.bin", "assistants", 100);
		String store = createStore(server, "docs");
		JsonNode batch = ok(Http.post(server, "/v1/vector_stores/" + store + "/file_batches",
				"{\"file_ids\": [\"" + a + "\", \"" + b + "\"], \"attributes\": {\"kind\": \"letter\"}}"));
		String id = batch.get("id").asString();
		assertThat(id).startsWith("vsfb_");
		assertThat(batch.get("object").asString()).isEqualTo("vector_store.files_batch");
		assertThat(batch.get("status").asString()).isEqualTo("in_progress");
		assertThat(batch.at("/file_counts/in_progress").asInt()).isEqualTo(2);
		JsonNode completed = await(server, "/v1/vector_stores/" + store + "/file_batches/" + id,
				(each) -> each.get("status").asString().equals("completed"));
		assertThat(completed.at("/file_counts/completed").asInt()).isEqualTo(2);
		JsonNode files = ok(Http.get(server, "/v1/vector_stores/" + store + "/file_batches/" + id + "/files"));
		assertThat(files.get("data")).extracting((file) -> file.get("id").asString()).containsExactly(b, a);
		assertThat(files.at("/data/0/attributes/kind").asString()).isEqualTo("letter");
		JsonNode mixed = ok(Http.post(server, "/v1/vector_stores/" + store + "/file_batches",
				"{\"files\": [{\"file_id\": \"" + c + "\", \"attributes\": {\"kind\": \"binary\"}}]}"));
		JsonNode ended = await(server, "/v1/vector_stores/" + store + "/file_batches/" + mixed.get("id").asString(),
				(each) -> !each.get("status").asString().equals("in_progress"));
		assertThat(ended.get("status").asString()).isEqualTo("completed");
		assertThat(ended.at("/file_counts/failed").asInt()).isEqualTo(1);
		JsonNode vectorStore = ok(Http.get(server, "/v1/vector_stores/" + store));
		assertThat(vectorStore.at("/file_counts/total").asInt()).isEqualTo(3);
		assertThat(vectorStore.get("usage_bytes").asLong()).isEqualTo("alpha".length() + "beta".length());
	}

	@Test
	void aCancelledBatchLeavesItsFilesCancelled() {
		MockOpenAIServer server = start(Duration.ofSeconds(5));
		String a = server.addFile("a.txt", "assistants", "alpha".getBytes(StandardCharsets.UTF_8));
		String store = createStore(server, "docs");
		String id = ok(Http.post(server, "/v1/vector_stores/" + store + "/file_batches",
				"{\"file_ids\": [\"" + a + "\"]}")).get("id").asString();
		JsonNode cancelled = ok(Http.post(server, "/v1/vector_stores/" + store + "/file_batches/" + id + "/cancel", ""));
		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.at("/file_counts/cancelled").asInt()).isEqualTo(1);
		assertThat(ok(Http.get(server, "/v1/vector_stores/" + store + "/files/" + a)).get("status").asString())
			.isEqualTo("cancelled");
		assertThat(Http.get(server, "/v1/vector_stores/" + store + "/file_batches/vsfb_missing").statusCode())
			.isEqualTo(404);
	}

	@Test
	void aFileCanHaveItsAttributesUpdatedAndBeRemoved() {
		MockOpenAIServer server = start(Duration.ZERO);
		String store = storeWithPolicies(server);
		String fileId = ok(Http.get(server, "/v1/vector_stores/" + store + "/files?limit=1")).at("/data/0/id")
			.asString();
		JsonNode updated = ok(Http.post(server, "/v1/vector_stores/" + store + "/files/" + fileId,
				"{\"attributes\": {\"topic\": \"other\"}}"));
		assertThat(updated.get("attributes").toString()).isEqualTo("{\"topic\":\"other\"}");
		assertThat(Http.post(server, "/v1/vector_stores/" + store + "/files/" + fileId,
				"{\"attributes\": {\"topic\": [1]}}").statusCode()).isEqualTo(400);
		JsonNode deleted = ok(Http.delete(server, "/v1/vector_stores/" + store + "/files/" + fileId));
		assertThat(deleted.toString()).isEqualTo("{\"id\":\"" + fileId + "\",\"object\":\"vector_store.file.deleted\","
				+ "\"deleted\":true}");
		HttpResponse<String> missing = Http.get(server, "/v1/vector_stores/" + store + "/files/" + fileId);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(ok(Http.get(server, "/v1/vector_stores/" + store)).at("/file_counts/total").asInt()).isEqualTo(2);
		assertThat(ok(Http.get(server, "/v1/files/" + fileId)).get("id").asString()).isEqualTo(fileId);
	}

	@Test
	void invalidRequestsGetTheApiBadRequest() {
		MockOpenAIServer server = start(Duration.ZERO);
		String store = createStore(server, "docs");
		assertThat(Http.post(server, "/v1/vector_stores", "not json").statusCode()).isEqualTo(400);
		assertThat(Http.post(server, "/v1/vector_stores", "{\"expires_after\": {\"anchor\": \"created_at\", "
				+ "\"days\": 1}}").statusCode()).isEqualTo(400);
		assertThat(Http.post(server, "/v1/vector_stores", "{\"metadata\": {\"a\": 1}}").statusCode()).isEqualTo(400);
		assertThat(Http.post(server, "/v1/vector_stores", "{\"file_ids\": [\"f\"], \"chunking_strategy\": {\"type\": "
				+ "\"static\", \"static\": {\"max_chunk_size_tokens\": 100, \"chunk_overlap_tokens\": 60}}}")
			.statusCode()).isEqualTo(400);
		HttpResponse<String> noFile = Http.post(server, "/v1/vector_stores/" + store + "/files", "{}");
		assertThat(noFile.statusCode()).isEqualTo(400);
		assertThat(Http.json(noFile).at("/error/param").asString()).isEqualTo("file_id");
		assertThat(Http.post(server, "/v1/vector_stores/" + store + "/file_batches", "{}").statusCode())
			.isEqualTo(400);
		assertThat(Http.post(server, "/v1/vector_stores/vs_missing/files", "{\"file_id\": \"f\"}").statusCode())
			.isEqualTo(404);
	}

	@Test
	void resetForgetsEveryStore() {
		MockOpenAIServer server = start(Duration.ZERO);
		String store = createStore(server, "docs");
		server.reset();
		assertThat(Http.get(server, "/v1/vector_stores/" + store).statusCode()).isEqualTo(404);
		assertThat(ok(Http.get(server, "/v1/vector_stores")).get("data")).isEmpty();
	}

	@Test
	void otherEndpointsCanSearchAStore() throws Exception {
		FileStore files = new FileStore();
		try (VectorStoresEndpoint endpoint = new VectorStoresEndpoint(files, Duration.ZERO)) {
			String fileId = files.add("returns.txt", "assistants", files.write(RETURNS.getBytes(StandardCharsets.UTF_8)),
					null).id();
			Reply created = endpoint.handle("POST", "/v1/vector_stores", request("{\"file_ids\": [\"" + fileId + "\"]}"));
			String store = Http.json(((Reply.Json) created).body()).get("id").asString();
			long deadline = System.nanoTime() + WAIT.toNanos();
			List<VectorStoresEndpoint.SearchHit> hits = endpoint.search(store, "return policy", 5);
			while (hits.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(5);
				hits = endpoint.search(store, "return policy", 5);
			}
			assertThat(hits).singleElement().satisfies((hit) -> {
				assertThat(hit.fileId()).isEqualTo(fileId);
				assertThat(hit.filename()).isEqualTo("returns.txt");
				assertThat(hit.text()).isEqualTo(RETURNS);
				assertThat(hit.score()).isPositive();
			});
			assertThat(endpoint.search("vs_missing", "return policy", 5)).isEmpty();
		}
		finally {
			files.close();
		}
	}

	private static RecordedRequest request(String body) {
		return new RecordedRequest(0, "POST", "/v1/vector_stores", "HTTP/1.1", List.of(),
				RecordedRequest.Body.of(body.getBytes(StandardCharsets.UTF_8)), "req_test", "connection");
	}

	/** A store with three indexed files about returns, shipping and warranty, and attributes to filter on. */
	static String storeWithPolicies(MockOpenAIServer server) {
		String returns = server.addFile("returns.txt", "assistants", RETURNS.getBytes(StandardCharsets.UTF_8));
		String shipping = server.addFile("shipping.txt", "assistants", SHIPPING.getBytes(StandardCharsets.UTF_8));
		String warranty = server.addFile("warranty.txt", "assistants", WARRANTY.getBytes(StandardCharsets.UTF_8));
		String store = createStore(server, "policies");
		String batch = ok(Http.post(server, "/v1/vector_stores/" + store + "/file_batches", "{\"files\": ["
				+ "{\"file_id\": \"" + returns + "\", \"attributes\": {\"topic\": \"returns\", \"year\": 2024, "
				+ "\"public\": true}}, {\"file_id\": \"" + shipping + "\", \"attributes\": {\"topic\": \"shipping\", "
				+ "\"year\": 2023, \"public\": true}}, {\"file_id\": \"" + warranty + "\", \"attributes\": {\"topic\": "
				+ "\"warranty\", \"year\": 2025, \"public\": false}}]}"))
			.get("id")
			.asString();
		await(server, "/v1/vector_stores/" + store + "/file_batches/" + batch,
				(each) -> each.get("status").asString().equals("completed"));
		return store;
	}

	private static List<String> filenames(MockOpenAIServer server, String store, String filter) {
		JsonNode page = ok(search(server, store, "{\"query\": \"policy\", \"filters\": " + filter + "}"));
		List<String> names = new ArrayList<>();
		page.get("data").forEach((hit) -> names.add(hit.get("filename").asString()));
		return names;
	}

	private static HttpResponse<String> search(MockOpenAIServer server, String store, String body) {
		return Http.post(server, "/v1/vector_stores/" + store + "/search", body);
	}

	static String createStore(MockOpenAIServer server, String name) {
		return ok(Http.post(server, "/v1/vector_stores", "{\"name\": \"" + name + "\"}")).get("id").asString();
	}

	static JsonNode awaitFile(MockOpenAIServer server, String store, String fileId, Predicate<JsonNode> condition) {
		return await(server, "/v1/vector_stores/" + store + "/files/" + fileId, condition);
	}

	static JsonNode await(MockOpenAIServer server, String path, Predicate<JsonNode> condition) {
		return Http.await(server, path, condition, WAIT);
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response);
	}

	private MockOpenAIServer start(Duration indexingDelay) {
		MockOpenAIServer server = MockOpenAIServer.builder().indexingDelay(indexingDelay).start();
		this.servers.add(server);
		return server;
	}

}
