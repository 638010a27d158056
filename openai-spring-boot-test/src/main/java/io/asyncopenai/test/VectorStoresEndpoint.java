package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.test.FileStore.StoredFile;

/**
 * {@code /v1/vector_stores}: vector stores, their files and file batches, and search, over the
 * server's {@link FileStore}.
 *
 * <p>A file added to a store is {@code in_progress}, then indexed on a thread of the endpoint
 * after the indexing delay: its text (UTF-8, at most {@value #MAX_INDEXED_BYTES} bytes) is
 * split into chunks and each chunk gets a search vector ({@link VectorSearch}); it is then
 * {@code completed}, with {@code usage_bytes} its size, or {@code failed} with a
 * {@code last_error} if the file is missing, not UTF-8 text, or too large for the mock.
 */
final class VectorStoresEndpoint implements AutoCloseable {

	static final String VECTOR_STORES = "/v1/vector_stores";

	/** The largest file the mock indexes: chunks and their vectors live on the heap. */
	static final int MAX_INDEXED_BYTES = 16 * 1024 * 1024;

	private static final Set<String> STATUSES = Set.of("in_progress", "completed", "failed", "cancelled");

	private static final long DAY_SECONDS = 24 * 3600;

	private final FileStore files;

	private final Duration indexingDelay;

	private final Map<String, Store> stores = new LinkedHashMap<>();

	private final MockTimer timer = new MockTimer("mock-openai-vector-stores");

	VectorStoresEndpoint(FileStore files, Duration indexingDelay) {
		this.files = files;
		this.indexingDelay = indexingDelay;
	}

	/** The answer for a request under {@code /v1/vector_stores}, or {@code null} if no operation matches. */
	synchronized @Nullable Reply handle(String method, String path, RecordedRequest request) {
		if (path.equals(VECTOR_STORES)) {
			return switch (method) {
				case "POST" -> withBody(request, this::create);
				case "GET" -> list(request.queryParameters());
				default -> null;
			};
		}
		String[] segments = path.substring(VECTOR_STORES.length() + 1).split("/", -1);
		for (String segment : segments) {
			if (segment.isEmpty()) {
				return null;
			}
		}
		String storeId = FilesEndpoint.decode(segments[0]);
		if (!isOperation(method, segments)) {
			return null;
		}
		Store store = this.stores.get(storeId);
		if (store == null) {
			return Requests.error(404, new OpenAIError("No vector store found with id '" + storeId + "'.",
					"invalid_request_error", null, null));
		}
		if (segments.length == 1) {
			return switch (method) {
				case "GET" -> FilesEndpoint.ok(store.toJson());
				case "POST" -> withBody(request, (body) -> modify(store, body));
				default -> delete(store);
			};
		}
		Map<String, List<String>> query = request.queryParameters();
		return switch (segments[1]) {
			case "search" -> withBody(request, (body) -> search(store, body));
			case "files" -> files(method, segments, store, request);
			default -> batches(segments, store, query, request);
		};
	}

	private static boolean isOperation(String method, String[] segments) {
		String shape = method + " " + String.join("/", segments.length > 1 ? List.of(segments).subList(1,
				segments.length) : List.of()).replaceAll("^files/[^/]+", "files/F")
			.replaceAll("^file_batches/[^/]+", "file_batches/B");
		return switch (shape) {
			case "GET ", "POST ", "DELETE ", "POST search", "POST files", "GET files", "GET files/F", "POST files/F",
					"DELETE files/F", "GET files/F/content", "POST file_batches", "GET file_batches/B",
					"POST file_batches/B/cancel", "GET file_batches/B/files" ->
				true;
			default -> false;
		};
	}

	private Reply files(String method, String[] segments, Store store, RecordedRequest request) {
		if (segments.length == 2) {
			return method.equals("POST") ? withBody(request, (body) -> addFile(store, body))
					: listFiles(store.files.values(), request.queryParameters());
		}
		String fileId = FilesEndpoint.decode(segments[2]);
		StoreFile file = store.files.get(fileId);
		if (file == null) {
			return Requests.error(404, new OpenAIError("No file found with id '" + fileId + "' in vector store '"
					+ store.id + "'.", "invalid_request_error", null, null));
		}
		if (segments.length == 4) {
			return content(file);
		}
		return switch (method) {
			case "GET" -> FilesEndpoint.ok(file.toJson());
			case "POST" -> withBody(request, (body) -> updateAttributes(file, body));
			default -> deleteFile(store, file);
		};
	}

	private Reply batches(String[] segments, Store store, Map<String, List<String>> query, RecordedRequest request) {
		if (segments.length == 2) {
			return withBody(request, (body) -> createBatch(store, body));
		}
		String batchId = FilesEndpoint.decode(segments[2]);
		FileBatch batch = store.batches.get(batchId);
		if (batch == null) {
			return Requests.error(404, new OpenAIError("No file batch found with id '" + batchId + "' in vector store '"
					+ store.id + "'.", "invalid_request_error", null, null));
		}
		if (segments.length == 3) {
			return FilesEndpoint.ok(batch.toJson());
		}
		return segments[3].equals("cancel") ? cancel(batch) : listFiles(batch.files, query);
	}

	private static Reply withBody(RecordedRequest request, Function<JsonNode, Reply> handler) {
		JsonNode body = Requests.parseObject(request.body());
		return (body != null) ? handler.apply(body) : Requests.invalidJson();
	}

	private Reply create(JsonNode body) {
		String invalid = invalidStoreFields(body);
		if (invalid != null) {
			return invalid(invalid);
		}
		JsonNode fileIds = body.path("file_ids");
		if (!fileIds.isMissingNode() && (!isStrings(fileIds) || fileIds.size() > 500)) {
			return invalid("file_ids|Invalid 'file_ids': expected an array of at most 500 file ids.");
		}
		Chunking chunking = chunking(body.path("chunking_strategy"));
		if (chunking == null) {
			return invalid(invalidChunking());
		}
		long now = Requests.nowSeconds();
		Store store = new Store(Requests.newId("vs_", 32), now);
		apply(store, body);
		store.description = body.path("description").isString() ? body.path("description").asString() : null;
		this.stores.put(store.id, store);
		for (JsonNode fileId : fileIds) {
			add(store, fileId.asString(), null, chunking, null);
		}
		return FilesEndpoint.ok(store.toJson());
	}

	private Reply modify(Store store, JsonNode body) {
		String invalid = invalidStoreFields(body);
		if (invalid != null) {
			return invalid(invalid);
		}
		apply(store, body);
		if (body.path("expires_after").isNull()) {
			store.expiresAfterDays = null;
		}
		return FilesEndpoint.ok(store.toJson());
	}

	/** Why the fields a create and a modify share are invalid, as {@code param|message}, or {@code null}. */
	private static @Nullable String invalidStoreFields(JsonNode body) {
		JsonNode name = body.path("name");
		if (!name.isMissingNode() && !name.isNull() && !name.isString()) {
			return "name|Invalid type for 'name': expected a string.";
		}
		if (invalidMetadata(body.path("metadata"))) {
			return "metadata|Invalid 'metadata': expected an object of at most 16 string values.";
		}
		JsonNode expiresAfter = body.path("expires_after");
		if (!expiresAfter.isMissingNode() && !expiresAfter.isNull()) {
			int days = expiresAfter.path("days").isIntegralNumber() ? expiresAfter.path("days").asInt() : 0;
			if (!expiresAfter.path("anchor").asString("").equals("last_active_at") || days < 1 || days > 365) {
				return "expires_after|Invalid 'expires_after': expected anchor 'last_active_at' and days between 1 "
						+ "and 365.";
			}
		}
		return null;
	}

	private static void apply(Store store, JsonNode body) {
		if (body.has("name")) {
			store.name = body.path("name").isString() ? body.path("name").asString() : "";
		}
		if (body.path("metadata").isObject()) {
			store.metadata = (ObjectNode) body.path("metadata").deepCopy();
		}
		if (body.path("expires_after").isObject()) {
			store.expiresAfterDays = body.path("expires_after").path("days").asInt();
		}
		store.lastActiveAt = Requests.nowSeconds();
	}

	private Reply list(Map<String, List<String>> query) {
		return page(new ArrayList<>(this.stores.values()), query, (store) -> store.id, Store::toJson, (store) -> true);
	}

	private Reply delete(Store store) {
		this.stores.remove(store.id);
		ObjectNode deleted = Json.object();
		deleted.put("id", store.id);
		deleted.put("object", "vector_store.deleted");
		deleted.put("deleted", true);
		return FilesEndpoint.ok(deleted);
	}

	private Reply addFile(Store store, JsonNode body) {
		if (!body.path("file_id").isString()) {
			return Requests.missingParameter("file_id");
		}
		Chunking chunking = chunking(body.path("chunking_strategy"));
		if (chunking == null) {
			return invalid(invalidChunking());
		}
		JsonNode attributes = body.path("attributes");
		if (invalidAttributes(attributes)) {
			return invalid(invalidAttributesMessage());
		}
		return FilesEndpoint.ok(add(store, body.path("file_id").asString(), attributes, chunking, null).toJson());
	}

	/** Adds a file to a store, in place of the same file added before, and schedules its indexing. */
	private StoreFile add(Store store, String fileId, @Nullable JsonNode attributes, Chunking chunking,
			@Nullable FileBatch batch) {
		StoredFile stored = this.files.get(fileId);
		StoreFile file = new StoreFile(fileId, store.id, Requests.nowSeconds(),
				(attributes != null && attributes.isObject()) ? (ObjectNode) attributes.deepCopy() : Json.object(),
				chunking, (stored != null) ? stored.filename() : fileId);
		StoreFile replaced = store.files.put(fileId, file);
		if (replaced != null) {
			replaced.status = "cancelled";
		}
		if (batch != null) {
			batch.files.add(file);
		}
		store.lastActiveAt = Requests.nowSeconds();
		schedule(() -> index(store, file));
		return file;
	}

	private Reply listFiles(Iterable<StoreFile> files, Map<String, List<String>> query) {
		String filter = FilesEndpoint.first(query, "filter");
		if (filter != null && !STATUSES.contains(filter)) {
			return Requests.invalidParameter("filter",
					"Invalid value for 'filter': expected one of 'in_progress', 'completed', 'failed', 'cancelled'.");
		}
		List<StoreFile> list = new ArrayList<>();
		files.forEach(list::add);
		return page(list, query, (file) -> file.fileId, StoreFile::toJson,
				(file) -> filter == null || file.status.equals(filter));
	}

	private Reply updateAttributes(StoreFile file, JsonNode body) {
		JsonNode attributes = body.path("attributes");
		if (attributes.isMissingNode()) {
			return Requests.missingParameter("attributes");
		}
		if (invalidAttributes(attributes)) {
			return invalid(invalidAttributesMessage());
		}
		file.attributes = attributes.isObject() ? (ObjectNode) attributes.deepCopy() : Json.object();
		return FilesEndpoint.ok(file.toJson());
	}

	private Reply deleteFile(Store store, StoreFile file) {
		store.files.remove(file.fileId);
		if (file.status.equals("in_progress")) {
			file.status = "cancelled";
		}
		ObjectNode deleted = Json.object();
		deleted.put("id", file.fileId);
		deleted.put("object", "vector_store.file.deleted");
		deleted.put("deleted", true);
		return FilesEndpoint.ok(deleted);
	}

	private Reply content(StoreFile file) {
		ObjectNode page = Json.object();
		page.put("object", "vector_store.file_content.page");
		ArrayNode data = page.putArray("data");
		for (Chunk chunk : file.chunks) {
			ObjectNode text = data.addObject();
			text.put("type", "text");
			text.put("text", chunk.text());
		}
		page.put("has_more", false);
		page.putNull("next_page");
		return FilesEndpoint.ok(page);
	}

	private Reply createBatch(Store store, JsonNode body) {
		JsonNode fileIds = body.path("file_ids");
		JsonNode files = body.path("files");
		if (fileIds.isMissingNode() == files.isMissingNode()) {
			return invalid("file_ids|Exactly one of 'file_ids' and 'files' is required.");
		}
		if (!fileIds.isMissingNode() && (!isStrings(fileIds) || fileIds.isEmpty() || fileIds.size() > 2000)) {
			return invalid("file_ids|Invalid 'file_ids': expected an array of 1 to 2000 file ids.");
		}
		if (!files.isMissingNode() && (!files.isArray() || files.isEmpty() || files.size() > 2000)) {
			return invalid("files|Invalid 'files': expected an array of 1 to 2000 files.");
		}
		Chunking chunking = chunking(body.path("chunking_strategy"));
		if (chunking == null) {
			return invalid(invalidChunking());
		}
		if (invalidAttributes(body.path("attributes"))) {
			return invalid(invalidAttributesMessage());
		}
		for (JsonNode file : files) {
			if (!file.path("file_id").isString()) {
				return Requests.missingParameter("files.file_id");
			}
			if (chunking(file.path("chunking_strategy")) == null) {
				return invalid(invalidChunking());
			}
			if (invalidAttributes(file.path("attributes"))) {
				return invalid(invalidAttributesMessage());
			}
		}
		FileBatch batch = new FileBatch(Requests.newId("vsfb_", 32), store.id, Requests.nowSeconds());
		store.batches.put(batch.id, batch);
		for (JsonNode fileId : fileIds) {
			add(store, fileId.asString(), body.path("attributes"), chunking, batch);
		}
		for (JsonNode file : files) {
			add(store, file.path("file_id").asString(), file.path("attributes"),
					chunking(file.path("chunking_strategy")), batch);
		}
		return FilesEndpoint.ok(batch.toJson());
	}

	private Reply cancel(FileBatch batch) {
		if (batch.status.equals("in_progress")) {
			for (StoreFile file : batch.files) {
				if (file.status.equals("in_progress")) {
					file.status = "cancelled";
				}
			}
			batch.status = "cancelled";
		}
		return FilesEndpoint.ok(batch.toJson());
	}

	private Reply search(Store store, JsonNode body) {
		JsonNode query = body.path("query");
		List<String> queries = new ArrayList<>();
		if (query.isString()) {
			queries.add(query.asString());
		}
		else if (isStrings(query)) {
			query.forEach((item) -> queries.add(item.asString()));
		}
		if (queries.isEmpty()) {
			return Requests.missingParameter("query");
		}
		JsonNode max = body.path("max_num_results");
		int maxResults = max.isMissingNode() ? 10 : max.isIntegralNumber() ? max.asInt() : 0;
		if (maxResults < 1 || maxResults > 50) {
			return Requests.invalidParameter("max_num_results",
					"Invalid 'max_num_results': expected an integer between 1 and 50.");
		}
		JsonNode filters = body.path("filters");
		if (!filters.isMissingNode() && !filters.isNull()) {
			String invalid = VectorSearch.invalidFilter(filters);
			if (invalid != null) {
				return Requests.invalidParameter("filters", invalid);
			}
		}
		JsonNode threshold = body.path("ranking_options").path("score_threshold");
		double scoreThreshold = threshold.isNumber() ? threshold.asDouble() : 0;
		if (scoreThreshold < 0 || scoreThreshold > 1) {
			return Requests.invalidParameter("ranking_options.score_threshold",
					"Invalid 'ranking_options.score_threshold': expected a number between 0 and 1.");
		}
		if (body.path("rewrite_query").asBoolean(false)) {
			queries.replaceAll(VectorSearch::rewrite);
		}
		List<SearchHit> hits = search(store, queries, filters.isObject() ? filters : null, scoreThreshold, maxResults);
		ObjectNode page = Json.object();
		page.put("object", "vector_store.search_results.page");
		ArrayNode searchQuery = page.putArray("search_query");
		queries.forEach(searchQuery::add);
		ArrayNode data = page.putArray("data");
		for (SearchHit hit : hits) {
			ObjectNode item = data.addObject();
			item.put("file_id", hit.fileId());
			item.put("filename", hit.filename());
			item.put("score", hit.score());
			item.set("attributes", hit.attributes());
			ObjectNode text = item.putArray("content").addObject();
			text.put("type", "text");
			text.put("text", hit.text());
		}
		page.put("has_more", false);
		page.putNull("next_page");
		return FilesEndpoint.ok(page);
	}

	/**
	 * Searches a store's indexed chunks as {@code POST /v1/vector_stores/{id}/search} does, for
	 * other endpoints (the Responses API's {@code file_search} tool).
	 * @param vectorStoreId the store
	 * @param query the query
	 * @param max the most hits to return
	 * @return the best chunks first; empty if there is no such store or nothing matches
	 */
	synchronized List<SearchHit> search(String vectorStoreId, String query, int max) {
		Store store = this.stores.get(vectorStoreId);
		return (store != null) ? search(store, List.of(query), null, 0, max) : List.of();
	}

	private List<SearchHit> search(Store store, List<String> queries, @Nullable JsonNode filters, double threshold,
			int max) {
		store.lastActiveAt = Requests.nowSeconds();
		List<float[]> vectors = queries.stream().map(VectorSearch::vector).toList();
		List<SearchHit> hits = new ArrayList<>();
		for (StoreFile file : store.files.values()) {
			boolean filtered = filters != null && !VectorSearch.matches(filters, file.attributes);
			if (!file.status.equals("completed") || filtered) {
				continue;
			}
			for (Chunk chunk : file.chunks) {
				double score = 0;
				for (float[] vector : vectors) {
					score = Math.max(score, VectorSearch.score(vector, chunk.vector()));
				}
				if (score >= threshold) {
					hits.add(new SearchHit(file.fileId, file.filename, score, file.attributes.deepCopy(),
							chunk.text()));
				}
			}
		}
		hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
		return List.copyOf(hits.subList(0, Math.min(max, hits.size())));
	}

	/** Reads, chunks and embeds a file, away from the lock, then records the outcome unless it was cancelled. */
	private void index(Store store, StoreFile file) {
		StoredFile stored = this.files.get(file.fileId);
		List<Chunk> chunks = new ArrayList<>();
		String code = null;
		String message = null;
		if (stored == null) {
			code = "invalid_file";
			message = "No such File object: " + file.fileId;
		}
		else if (stored.content().size() > MAX_INDEXED_BYTES) {
			code = "invalid_file";
			message = "The file is larger than the " + MAX_INDEXED_BYTES + " bytes MockOpenAIServer indexes.";
		}
		else {
			String text = text(stored);
			if (text == null) {
				code = "unsupported_file";
				message = "The file type is not supported: its content is not UTF-8 text.";
			}
			else {
				Chunking chunking = file.chunking;
				for (String chunk : VectorSearch.chunks(text, chunking.maxTokens(), chunking.overlapTokens())) {
					chunks.add(new Chunk(chunk, VectorSearch.vector(chunk)));
				}
			}
		}
		synchronized (this) {
			if (this.stores.get(store.id) != store) {
				return;
			}
			if (file.status.equals("in_progress") && code != null) {
				file.status = "failed";
				file.errorCode = code;
				file.errorMessage = message;
			}
			else if (file.status.equals("in_progress")) {
				file.status = "completed";
				file.chunks = List.copyOf(chunks);
				file.usageBytes = stored.content().size();
			}
			// A batch is done when none of its files is in progress, however each of them ended.
			for (FileBatch batch : store.batches.values()) {
				if (batch.status.equals("in_progress")
						&& batch.files.stream().noneMatch((each) -> each.status.equals("in_progress"))) {
					batch.status = "completed";
				}
			}
		}
	}

	/** The content of a file as text, or {@code null} if it is not UTF-8 text. */
	private static @Nullable String text(StoredFile file) {
		try (InputStream in = file.content().open()) {
			byte[] bytes = in.readAllBytes();
			for (byte b : bytes) {
				if (b == 0) {
					return null;
				}
			}
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private void schedule(Runnable task) {
		this.timer.schedule(task, this.indexingDelay);
	}

	synchronized void reset() {
		this.stores.clear();
	}

	@Override
	public void close() {
		this.timer.close();
		reset();
	}

	/**
	 * One page of a list, as the API pages vector stores and their files: newest first unless
	 * {@code order=asc}, at most {@code limit} (20 unless given, 1 to 100), after the
	 * {@code after} id or before the {@code before} id. An empty page has null
	 * {@code first_id} and {@code last_id}, as the API sends them.
	 */
	private static <T> Reply page(List<T> items, Map<String, List<String>> query, Function<T, String> id,
			Function<T, ObjectNode> json, Predicate<T> filter) {
		String order = FilesEndpoint.first(query, "order");
		if (order != null && !order.equals("asc") && !order.equals("desc")) {
			return Requests.invalidParameter("order", "Invalid value for 'order': expected 'asc' or 'desc'.");
		}
		Integer limit = (FilesEndpoint.first(query, "limit") != null) ? FilesEndpoint.limit(query, 100)
				: Integer.valueOf(20);
		if (limit == null) {
			return Requests.invalidParameter("limit", "Invalid value for 'limit': expected an integer between 1 and "
					+ "100.");
		}
		List<T> ordered = new ArrayList<>(items);
		if (!"asc".equals(order)) {
			Collections.reverse(ordered);
		}
		ordered.removeIf(filter.negate());
		String after = FilesEndpoint.first(query, "after");
		String before = FilesEndpoint.first(query, "before");
		int start = 0;
		int end = ordered.size();
		if (after != null) {
			start = Math.min(ordered.size(), indexOf(ordered, id, after) + 1);
		}
		if (before != null) {
			int index = indexOf(ordered, id, before);
			end = Math.max(start, index);
		}
		boolean hasMore;
		if (before != null && after == null) {
			start = Math.max(0, end - limit);
			hasMore = start > 0;
		}
		else {
			hasMore = end - start > limit;
			end = Math.max(start, Math.min(end, start + limit));
		}
		List<T> page = ordered.subList(start, Math.max(start, end));
		ObjectNode list = Json.object();
		list.put("object", "list");
		ArrayNode data = list.putArray("data");
		page.forEach((item) -> data.add(json.apply(item)));
		list.put("first_id", page.isEmpty() ? null : id.apply(page.get(0)));
		list.put("last_id", page.isEmpty() ? null : id.apply(page.get(page.size() - 1)));
		list.put("has_more", hasMore);
		return FilesEndpoint.ok(list);
	}

	private static <T> int indexOf(List<T> items, Function<T, String> id, String wanted) {
		for (int i = 0; i < items.size(); i++) {
			if (id.apply(items.get(i)).equals(wanted)) {
				return i;
			}
		}
		return items.size();
	}

	/** The chunking of a {@code chunking_strategy}, auto when absent, or {@code null} if it is invalid. */
	private static @Nullable Chunking chunking(JsonNode strategy) {
		if (strategy.isMissingNode() || strategy.isNull() || strategy.path("type").asString("").equals("auto")) {
			return (strategy.isObject() && strategy.size() > 1) ? null
					: new Chunking(VectorSearch.DEFAULT_MAX_CHUNK_TOKENS, VectorSearch.DEFAULT_CHUNK_OVERLAP_TOKENS);
		}
		JsonNode settings = strategy.path("static");
		if (!strategy.path("type").asString("").equals("static") || !settings.path("max_chunk_size_tokens")
			.isIntegralNumber() || !settings.path("chunk_overlap_tokens").isIntegralNumber()) {
			return null;
		}
		int max = settings.path("max_chunk_size_tokens").asInt();
		int overlap = settings.path("chunk_overlap_tokens").asInt();
		return (max < 100 || max > 4096 || overlap < 0 || overlap > max / 2) ? null : new Chunking(max, overlap);
	}

	private static String invalidChunking() {
		return "chunking_strategy|Invalid 'chunking_strategy': expected {\"type\": \"auto\"} or {\"type\": \"static\", "
				+ "\"static\": {\"max_chunk_size_tokens\": 100 to 4096, \"chunk_overlap_tokens\": at most half of "
				+ "it}}.";
	}

	private static boolean invalidMetadata(JsonNode metadata) {
		return !metadata.isMissingNode() && !metadata.isNull() && (!metadata.isObject() || metadata.size() > 16
				|| metadata.valueStream().anyMatch((value) -> !value.isString()));
	}

	private static boolean invalidAttributes(JsonNode attributes) {
		if (attributes.isMissingNode() || attributes.isNull()) {
			return false;
		}
		if (!attributes.isObject() || attributes.size() > 16) {
			return true;
		}
		for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
			JsonNode value = attribute.getValue();
			if (attribute.getKey().length() > 64 || !(value.isNumber() || value.isBoolean()
					|| (value.isString() && value.asString().length() <= 512))) {
				return true;
			}
		}
		return false;
	}

	private static String invalidAttributesMessage() {
		return "attributes|Invalid 'attributes': expected at most 16 keys of at most 64 characters, with strings of at "
				+ "most 512 characters, numbers or booleans.";
	}

	private static boolean isStrings(JsonNode node) {
		if (!node.isArray()) {
			return false;
		}
		for (JsonNode item : node) {
			if (!item.isString()) {
				return false;
			}
		}
		return true;
	}

	private static Reply invalid(String paramAndMessage) {
		int bar = paramAndMessage.indexOf('|');
		return Requests.invalidParameter(paramAndMessage.substring(0, bar), paramAndMessage.substring(bar + 1));
	}

	private static ObjectNode counts(Iterable<StoreFile> files) {
		int inProgress = 0;
		int completed = 0;
		int failed = 0;
		int cancelled = 0;
		for (StoreFile file : files) {
			switch (file.status) {
				case "in_progress" -> inProgress++;
				case "completed" -> completed++;
				case "failed" -> failed++;
				default -> cancelled++;
			}
		}
		ObjectNode counts = Json.object();
		counts.put("in_progress", inProgress);
		counts.put("completed", completed);
		counts.put("failed", failed);
		counts.put("cancelled", cancelled);
		counts.put("total", inProgress + completed + failed + cancelled);
		return counts;
	}

	/**
	 * One chunk a search can find.
	 * @param fileId the file it is from
	 * @param filename the file's name
	 * @param score its similarity to the query, 0 to 1
	 * @param attributes the file's attributes
	 * @param text the chunk's text
	 */
	record SearchHit(String fileId, String filename, double score, ObjectNode attributes, String text) {

	}

	private record Chunking(int maxTokens, int overlapTokens) {

		ObjectNode toJson() {
			ObjectNode strategy = Json.object();
			strategy.put("type", "static");
			ObjectNode settings = strategy.putObject("static");
			settings.put("max_chunk_size_tokens", this.maxTokens);
			settings.put("chunk_overlap_tokens", this.overlapTokens);
			return strategy;
		}

	}

	private record Chunk(String text, float[] vector) {

	}

	/**
	 * One vector store.
	 */
	private static final class Store {

		private final String id;

		private final long createdAt;

		private String name = "";

		private @Nullable String description;

		private @Nullable ObjectNode metadata;

		private @Nullable Integer expiresAfterDays;

		private long lastActiveAt;

		private final Map<String, StoreFile> files = new LinkedHashMap<>();

		private final Map<String, FileBatch> batches = new LinkedHashMap<>();

		Store(String id, long createdAt) {
			this.id = id;
			this.createdAt = createdAt;
			this.lastActiveAt = createdAt;
		}

		ObjectNode toJson() {
			ObjectNode store = Json.object();
			store.put("id", this.id);
			store.put("object", "vector_store");
			store.put("created_at", this.createdAt);
			store.put("name", this.name);
			if (this.description != null) {
				store.put("description", this.description);
			}
			store.put("usage_bytes", this.files.values().stream().mapToLong((file) -> file.usageBytes).sum());
			store.set("file_counts", counts(this.files.values()));
			boolean indexing = this.files.values().stream().anyMatch((file) -> file.status.equals("in_progress"));
			store.put("status", indexing ? "in_progress" : "completed");
			if (this.expiresAfterDays != null) {
				ObjectNode expiresAfter = store.putObject("expires_after");
				expiresAfter.put("anchor", "last_active_at");
				expiresAfter.put("days", this.expiresAfterDays);
				store.put("expires_at", this.lastActiveAt + this.expiresAfterDays * DAY_SECONDS);
			}
			else {
				store.putNull("expires_at");
			}
			store.put("last_active_at", this.lastActiveAt);
			store.set("metadata", (this.metadata != null) ? this.metadata : Json.object());
			return store;
		}

	}

	/**
	 * One file of a vector store, and what indexing made of it.
	 */
	private static final class StoreFile {

		private final String fileId;

		private final String storeId;

		private final long createdAt;

		private final Chunking chunking;

		private ObjectNode attributes;

		private final String filename;

		private String status = "in_progress";

		private @Nullable String errorCode;

		private @Nullable String errorMessage;

		private long usageBytes;

		private List<Chunk> chunks = List.of();

		StoreFile(String fileId, String storeId, long createdAt, ObjectNode attributes, Chunking chunking,
				String filename) {
			this.fileId = fileId;
			this.storeId = storeId;
			this.createdAt = createdAt;
			this.attributes = attributes;
			this.chunking = chunking;
			this.filename = filename;
		}

		ObjectNode toJson() {
			ObjectNode file = Json.object();
			file.put("id", this.fileId);
			file.put("object", "vector_store.file");
			file.put("usage_bytes", this.usageBytes);
			file.put("created_at", this.createdAt);
			file.put("vector_store_id", this.storeId);
			file.put("status", this.status);
			if (this.errorCode != null) {
				ObjectNode error = file.putObject("last_error");
				error.put("code", this.errorCode);
				error.put("message", this.errorMessage);
			}
			else {
				file.putNull("last_error");
			}
			file.set("chunking_strategy", this.chunking.toJson());
			file.set("attributes", this.attributes.deepCopy());
			return file;
		}

	}

	/**
	 * One file batch: the files it added, whose states make its own.
	 */
	private static final class FileBatch {

		private final String id;

		private final String storeId;

		private final long createdAt;

		private final List<StoreFile> files = new ArrayList<>();

		private String status = "in_progress";

		FileBatch(String id, String storeId, long createdAt) {
			this.id = id;
			this.storeId = storeId;
			this.createdAt = createdAt;
		}

		ObjectNode toJson() {
			ObjectNode batch = Json.object();
			batch.put("id", this.id);
			batch.put("object", "vector_store.files_batch");
			batch.put("created_at", this.createdAt);
			batch.put("vector_store_id", this.storeId);
			batch.put("status", this.status);
			batch.set("file_counts", counts(this.files));
			return batch;
		}

	}

}
