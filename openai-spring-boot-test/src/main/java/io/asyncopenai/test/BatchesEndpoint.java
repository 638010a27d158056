package io.asyncopenai.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.test.FileStore.StoredFile;

/**
 * {@code /v1/batches}: batches that the server runs itself, on one thread of its own, moving
 * each through the API's states on a timer and answering each line of its input file as the
 * server's own endpoint would answer it.
 *
 * <p>A structural problem of the input file (a line that is not a JSON object, a missing or
 * duplicate {@code custom_id}, another method than POST, another URL than the batch's, an
 * empty file) fails the whole batch while it validates, with {@code errors.data}, as the API
 * does. A line that the endpoint answers with an error status is a failed request: it goes
 * to the error file with the endpoint's status and body, and the batch still completes.
 */
final class BatchesEndpoint implements AutoCloseable {

	static final String BATCHES = "/v1/batches";

	static final List<String> ENDPOINTS = List.of("/v1/responses", "/v1/chat/completions", "/v1/embeddings",
			"/v1/completions", "/v1/moderations", "/v1/images/generations", "/v1/images/edits", "/v1/videos");

	/** How many lines one turn of the batch thread answers, so that reads and cancels interleave. */
	private static final int SLICE = 250;

	private static final long WINDOW_SECONDS = 24 * 3600;

	private final FileStore store;

	private final BiFunction<String, String, Reply> lines;

	private final Duration stepDelay;

	private final Consumer<ObjectNode> ended;

	private final Map<String, Batch> batches = new LinkedHashMap<>();

	private final MockTimer timer = new MockTimer("mock-openai-batches");

	/**
	 * @param lines answers one line: its URL and body
	 * @param stepDelay the time between two states of a batch
	 * @param ended told of each batch that ended, as its JSON
	 */
	BatchesEndpoint(FileStore store, BiFunction<String, String, Reply> lines, Duration stepDelay,
			Consumer<ObjectNode> ended) {
		this.store = store;
		this.lines = lines;
		this.stepDelay = stepDelay;
		this.ended = ended;
	}

	/** The answer for a request under {@code /v1/batches}, or {@code null} if no operation matches. */
	synchronized @Nullable Reply handle(String method, String path, RecordedRequest request) {
		if (path.equals(BATCHES)) {
			return switch (method) {
				case "POST" -> create(request);
				case "GET" -> list(request.queryParameters());
				default -> null;
			};
		}
		String[] segments = path.substring(BATCHES.length()).split("/", -1);
		if (segments.length < 2 || segments.length > 3 || !segments[0].isEmpty() || segments[1].isEmpty()) {
			return null;
		}
		String id = FilesEndpoint.decode(segments[1]);
		Batch batch = this.batches.get(id);
		if (segments.length == 2) {
			return !method.equals("GET") ? null : (batch != null) ? FilesEndpoint.ok(batch.toJson()) : notFound(id);
		}
		if (!segments[2].equals("cancel") || !method.equals("POST")) {
			return null;
		}
		return (batch != null) ? cancel(batch) : notFound(id);
	}

	private Reply create(RecordedRequest request) {
		JsonNode body = Requests.parseObject(request.body());
		if (body == null) {
			return Requests.invalidJson();
		}
		for (String name : List.of("input_file_id", "endpoint", "completion_window")) {
			if (!body.path(name).isString()) {
				return Requests.missingParameter(name);
			}
		}
		String endpoint = body.path("endpoint").asString();
		if (!ENDPOINTS.contains(endpoint)) {
			return Requests.invalidParameter("endpoint", "Invalid value for 'endpoint': expected one of "
					+ String.join(", ", ENDPOINTS) + ".");
		}
		if (!body.path("completion_window").asString().equals("24h")) {
			return Requests.invalidParameter("completion_window",
					"Invalid value for 'completion_window': only '24h' is supported.");
		}
		JsonNode metadata = body.path("metadata");
		if (!metadata.isMissingNode() && !metadata.isNull() && (!metadata.isObject() || metadata.size() > 16
				|| metadata.valueStream().anyMatch((value) -> !value.isString()))) {
			return Requests.invalidParameter("metadata",
					"Invalid 'metadata': expected an object of at most 16 string values.");
		}
		String inputFileId = body.path("input_file_id").asString();
		StoredFile input = this.store.get(inputFileId);
		if (input == null) {
			return Requests.invalidParameter("input_file_id", "No such File object: " + inputFileId);
		}
		if (!input.purpose().equals("batch")) {
			return Requests.invalidParameter("input_file_id", "The input file " + inputFileId
					+ " has purpose '" + input.purpose() + "'; a batch input file must have purpose 'batch'.");
		}
		long now = Requests.nowSeconds();
		Batch batch = new Batch(Requests.newId("batch_", 32), endpoint, input, now,
				metadata.isObject() ? (ObjectNode) metadata : null);
		this.batches.put(batch.id, batch);
		schedule(batch, this::validate);
		return FilesEndpoint.ok(batch.toJson());
	}

	private Reply list(Map<String, List<String>> query) {
		Integer limit = FilesEndpoint.limit(query, 100);
		if (FilesEndpoint.first(query, "limit") == null) {
			limit = 20;
		}
		if (limit == null) {
			return Requests.invalidParameter("limit",
					"Invalid value for 'limit': expected an integer between 1 and 100.");
		}
		List<Batch> newestFirst = new ArrayList<>(this.batches.values());
		Collections.reverse(newestFirst);
		return FilesEndpoint.ok(FilesEndpoint.page(newestFirst, FilesEndpoint.first(query, "after"), limit,
				(batch) -> batch.id, Batch::toJson, false));
	}

	private Reply cancel(Batch batch) {
		if (!batch.status.equals("validating") && !batch.status.equals("in_progress")
				&& !batch.status.equals("cancelling")) {
			return Requests.error(409, new OpenAIError("Cannot cancel a batch with status '" + batch.status + "'.",
					"invalid_request_error", null, null));
		}
		if (!batch.status.equals("cancelling")) {
			batch.status = "cancelling";
			batch.cancellingAt = Requests.nowSeconds();
		}
		return FilesEndpoint.ok(batch.toJson());
	}

	/** Validates the input file: every line, without keeping more than the custom ids. */
	private void validate(Batch batch) throws IOException {
		if (batch.status.equals("cancelling")) {
			cancelled(batch);
			return;
		}
		List<ObjectNode> errors = new ArrayList<>();
		Set<String> customIds = new HashSet<>();
		int total = 0;
		try (BufferedReader reader = open(batch)) {
			String text;
			int number = 0;
			while ((text = reader.readLine()) != null && errors.size() < 100) {
				number++;
				if (text.isBlank()) {
					continue;
				}
				total++;
				String error = check(batch, text, customIds);
				if (error != null) {
					String[] codeAndParam = error.split("\\|", 3);
					ObjectNode entry = Json.object();
					entry.put("code", codeAndParam[0]);
					entry.put("message", codeAndParam[2]);
					entry.put("param", codeAndParam[1].isEmpty() ? null : codeAndParam[1]);
					entry.put("line", number);
					errors.add(entry);
				}
			}
		}
		if (errors.isEmpty() && total == 0) {
			ObjectNode entry = Json.object();
			entry.put("code", "empty_file");
			entry.put("message", "The batch input file is empty.");
			entry.putNull("param");
			entry.putNull("line");
			errors.add(entry);
		}
		if (!errors.isEmpty()) {
			batch.errors = errors;
			batch.status = "failed";
			batch.failedAt = Requests.nowSeconds();
			this.ended.accept(batch.toJson());
			return;
		}
		batch.total = total;
		batch.status = "in_progress";
		batch.inProgressAt = Requests.nowSeconds();
		schedule(batch, this::run);
	}

	/** Why a line fails validation, as {@code code|param|message}, or {@code null} if it passes. */
	private static @Nullable String check(Batch batch, String text, Set<String> customIds) {
		JsonNode line;
		try {
			line = Json.read(text);
		}
		catch (JacksonException ex) {
			line = null;
		}
		if (line == null || !line.isObject()) {
			return "invalid_json_line||This line is not parseable as valid JSON.";
		}
		JsonNode customId = line.path("custom_id");
		if (!customId.isString() || customId.asString().isEmpty()) {
			return "missing_required_parameter|custom_id|Missing required parameter: 'custom_id'.";
		}
		if (!customIds.add(customId.asString())) {
			return "duplicate_custom_id|custom_id|The custom_id for this request is a duplicate of another request. "
					+ "The custom_id parameter must be unique for each request in a batch.";
		}
		if (!line.path("method").asString("").equals("POST")) {
			return "invalid_method|method|The HTTP method for this request must be 'POST'.";
		}
		if (!line.path("url").asString("").equals(batch.endpoint)) {
			return "invalid_url|url|The URL provided for this request does not match the batch endpoint "
					+ batch.endpoint + ".";
		}
		if (!line.path("body").isObject()) {
			return "invalid_request|body|The body of this request must be a JSON object.";
		}
		return null;
	}

	/** Answers the next slice of lines; then the next slice, or the end. */
	private void run(Batch batch) throws IOException {
		if (batch.reader == null) {
			batch.reader = open(batch);
			batch.output = this.store.writer();
		}
		for (int i = 0; i < SLICE; i++) {
			if (batch.status.equals("cancelling")) {
				cancelled(batch);
				return;
			}
			String text = batch.reader.readLine();
			if (text == null) {
				batch.status = "finalizing";
				batch.finalizingAt = Requests.nowSeconds();
				schedule(batch, this::complete);
				return;
			}
			if (!text.isBlank()) {
				answer(batch, Json.read(text));
			}
		}
		// Lets readers and cancels in between slices, without waiting.
		schedule(batch, this::run, Duration.ZERO);
	}

	private void answer(Batch batch, JsonNode line) throws IOException {
		String body = Json.write(line.path("body"));
		if (batch.model == null && line.path("body").path("model").isString()) {
			batch.model = line.path("body").path("model").asString();
		}
		Reply reply = this.lines.apply(batch.endpoint, body);
		int status;
		String answer;
		if (reply instanceof Reply.Json json) {
			status = json.status();
			// A described answer may be an example pretty-printed over lines; a JSONL line must be one line.
			answer = (json.body().indexOf('\n') >= 0 || json.body().indexOf('\r') >= 0)
					? Json.write(Json.read(json.body())) : json.body();
		}
		else {
			status = 400;
			answer = new OpenAIError("A batch cannot answer this request with a stream or a body other than JSON.",
					"invalid_request_error", null, null).toJson();
		}
		// Written as text around the endpoint's own JSON: parsing a large answer again only to embed it costs.
		String output = "{\"id\":\"" + Requests.newId("batch_req_", 32) + "\",\"custom_id\":"
				+ Json.write(line.path("custom_id")) + ",\"response\":{\"status_code\":" + status
				+ ",\"request_id\":\"" + Requests.newId("", 32) + "\",\"body\":" + answer + "},\"error\":null}\n";
		byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
		if (status >= 200 && status < 300) {
			batch.output.write(bytes, 0, bytes.length);
			batch.completed++;
		}
		else {
			if (batch.errorOutput == null) {
				batch.errorOutput = this.store.writer();
			}
			batch.errorOutput.write(bytes, 0, bytes.length);
			batch.failed++;
		}
	}

	private void complete(Batch batch) throws IOException {
		storeOutputs(batch);
		batch.status = "completed";
		batch.completedAt = Requests.nowSeconds();
		this.ended.accept(batch.toJson());
	}

	/** Ends a cancelled batch a step later, keeping what its answered lines gave. */
	private void cancelled(Batch batch) {
		schedule(batch, (cancelling) -> {
			if (cancelling.output != null) {
				storeOutputs(cancelling);
			}
			cancelling.status = "cancelled";
			cancelling.cancelledAt = Requests.nowSeconds();
			this.ended.accept(cancelling.toJson());
		});
	}

	private void storeOutputs(Batch batch) throws IOException {
		batch.closeReader();
		if (batch.output != null) {
			batch.outputFileId = this.store.add("batch_" + batch.id + "_output.jsonl", "batch_output",
					batch.output.finish(), null).id();
			batch.output = null;
		}
		if (batch.errorOutput != null) {
			batch.errorFileId = this.store.add("batch_" + batch.id + "_error.jsonl", "batch_output",
					batch.errorOutput.finish(), null).id();
			batch.errorOutput = null;
		}
	}

	private static BufferedReader open(Batch batch) throws IOException {
		return new BufferedReader(new InputStreamReader(batch.input.content().open(), StandardCharsets.UTF_8),
				64 * 1024);
	}

	private void schedule(Batch batch, Step step) {
		schedule(batch, step, this.stepDelay);
	}

	/** Runs a step of a batch on the batch thread, unless the batch was forgotten by a reset. */
	private void schedule(Batch batch, Step step, Duration delay) {
		this.timer.schedule(() -> {
			synchronized (this) {
				if (this.batches.get(batch.id) != batch) {
					batch.discard();
					return;
				}
				try {
					step.run(batch);
				}
				catch (IOException | RuntimeException ex) {
					fail(batch, ex);
				}
			}
		}, delay);
	}

	/** A batch the mock itself could not run (its input file went away, say) fails as the API's would. */
	private void fail(Batch batch, Exception ex) {
		batch.discard();
		ObjectNode entry = Json.object();
		entry.put("code", "server_error");
		entry.put("message", "MockOpenAIServer could not run the batch: " + ex);
		entry.putNull("param");
		entry.putNull("line");
		batch.errors = List.of(entry);
		batch.status = "failed";
		batch.failedAt = Requests.nowSeconds();
		this.ended.accept(batch.toJson());
	}

	private static Reply notFound(String id) {
		return Requests.error(404,
				new OpenAIError("No batch found with id '" + id + "'.", "invalid_request_error", "id", null));
	}

	synchronized void reset() {
		this.batches.values().forEach(Batch::discard);
		this.batches.clear();
	}

	@Override
	public void close() {
		this.timer.close();
		reset();
	}

	@FunctionalInterface
	private interface Step {

		void run(Batch batch) throws IOException;

	}

	/**
	 * One batch: what the API shows of it, and where its run is.
	 */
	private static final class Batch {

		private final String id;

		private final String endpoint;

		private final StoredFile input;

		private final long createdAt;

		private final @Nullable ObjectNode metadata;

		private String status = "validating";

		private @Nullable String model;

		private @Nullable List<ObjectNode> errors;

		private int total;

		private int completed;

		private int failed;

		private @Nullable Long inProgressAt;

		private @Nullable Long finalizingAt;

		private @Nullable Long completedAt;

		private @Nullable Long failedAt;

		private @Nullable Long cancellingAt;

		private @Nullable Long cancelledAt;

		private @Nullable String outputFileId;

		private @Nullable String errorFileId;

		private @Nullable BufferedReader reader;

		private FileStore.@Nullable Writer output;

		private FileStore.@Nullable Writer errorOutput;

		Batch(String id, String endpoint, StoredFile input, long createdAt, @Nullable ObjectNode metadata) {
			this.id = id;
			this.endpoint = endpoint;
			this.input = input;
			this.createdAt = createdAt;
			this.metadata = metadata;
		}

		// Unset times and files are left out rather than null: the description types them as integers and strings.
		ObjectNode toJson() {
			ObjectNode batch = Json.object();
			batch.put("id", this.id);
			batch.put("object", "batch");
			batch.put("endpoint", this.endpoint);
			if (this.model != null) {
				batch.put("model", this.model);
			}
			if (this.errors != null) {
				ObjectNode errors = batch.putObject("errors");
				errors.put("object", "list");
				errors.putArray("data").addAll(this.errors);
			}
			batch.put("input_file_id", this.input.id());
			batch.put("completion_window", "24h");
			batch.put("status", this.status);
			putIfSet(batch, "output_file_id", this.outputFileId);
			putIfSet(batch, "error_file_id", this.errorFileId);
			batch.put("created_at", this.createdAt);
			putIfSet(batch, "in_progress_at", this.inProgressAt);
			batch.put("expires_at", this.createdAt + WINDOW_SECONDS);
			putIfSet(batch, "finalizing_at", this.finalizingAt);
			putIfSet(batch, "completed_at", this.completedAt);
			putIfSet(batch, "failed_at", this.failedAt);
			putIfSet(batch, "cancelling_at", this.cancellingAt);
			putIfSet(batch, "cancelled_at", this.cancelledAt);
			ObjectNode counts = batch.putObject("request_counts");
			counts.put("total", this.total);
			counts.put("completed", this.completed);
			counts.put("failed", this.failed);
			batch.set("metadata", this.metadata);
			return batch;
		}

		private static void putIfSet(ObjectNode node, String name, @Nullable Object value) {
			if (value instanceof Long number) {
				node.put(name, number);
			}
			else if (value instanceof String text) {
				node.put(name, text);
			}
		}

		void closeReader() throws IOException {
			if (this.reader != null) {
				this.reader.close();
				this.reader = null;
			}
		}

		/** Closes and deletes what a run left open. */
		void discard() {
			try {
				closeReader();
				if (this.output != null) {
					this.output.close();
				}
				if (this.errorOutput != null) {
					this.errorOutput.close();
				}
			}
			catch (IOException ex) {
				// Goes with the server's directory at the latest.
			}
			this.output = null;
			this.errorOutput = null;
		}

	}

}
