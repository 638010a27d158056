package io.asyncopenai.test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls every operation of the API description on a running mock, over HTTP, and validates
 * each answer against the operation's schema with an independent JSON Schema validator.
 */
class OpenAPIConformanceTests {

	@RegisterExtension
	static final MockOpenAIServerExtension mock = new MockOpenAIServerExtension();

	private static final String EVENT_STREAM = "text/event-stream";

	private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

	private static final String FINE_TUNED_MODEL = "ft:gpt-4o-mini:mock:conformance:1";

	private static final byte[] FILE_CONTENT = "{\"custom_id\": \"conformance\"}\n".getBytes(StandardCharsets.UTF_8);

	private static final SchemaInstances SCHEMAS = new SchemaInstances(
			OpenAPISchemas.DESCRIPTION.path("components").path("schemas"));

	@TestFactory
	Stream<DynamicTest> everyOperationAnswersAsItsSchemaSays() {
		return operations().stream()
			.map((operation) -> DynamicTest.dynamicTest(operation.name(), () -> answersAsDescribed(operation)));
	}

	@TestFactory
	Stream<DynamicTest> everyStreamingOperationStreamsEventsItsSchemaDescribes() {
		return operations().stream()
			.filter((operation) -> operation.content().has(EVENT_STREAM))
			.map((operation) -> DynamicTest.dynamicTest(operation.name(), () -> streamsAsDescribed(operation)));
	}

	private static void answersAsDescribed(Operation operation) {
		HttpResponse<byte[]> response = call(operation, false);
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).as("%s answered %s", operation.name(), body)
			.isEqualTo(Integer.parseInt(operation.status()));
		assertThat(response.headers().firstValue("x-request-id"))
			.hasValueSatisfying((id) -> assertThat(id).startsWith("req_"));
		String mediaType = operation.mediaType();
		String contentType = response.headers().firstValue("content-type").orElse("");
		if (operation.id().equals("createSpeech")) {
			// The description calls speech application/octet-stream; the API sends the audio's own type.
			assertThat(contentType).isEqualTo("audio/mpeg");
			assertThat(response.body()).startsWith((byte) 0xff, (byte) 0xf3);
			return;
		}
		if (operation.id().equals("downloadFile")) {
			// The description calls the content a JSON string; the API sends the file's bytes as they are.
			assertThat(contentType).isEqualTo("application/octet-stream");
			assertThat(response.body()).isEqualTo(FILE_CONTENT);
			return;
		}
		if (mediaType == null) {
			if (!contentType.isEmpty()) {
				assertThat(contentType).isIn("application/json", "application/octet-stream");
			}
			return;
		}
		assertThat(contentType).startsWith(mediaType);
		if (mediaType.equals(EVENT_STREAM)) {
			assertEventsValid(operation, body);
		}
		else if (mediaType.equals("application/json")) {
			assertThat(OpenAPISchemas.validate(operation.id(), operation.status(), mediaType, Http.json(body)))
				.as("%s answered %s", operation.name(), body)
				.isEmpty();
		}
		else {
			assertThat(response.body()).isNotEmpty();
		}
	}

	private static void streamsAsDescribed(Operation operation) {
		HttpResponse<byte[]> response = call(operation, true);
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.statusCode()).as("%s answered %s", operation.name(), body)
			.isEqualTo(Integer.parseInt(operation.status()));
		assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith(EVENT_STREAM));
		assertEventsValid(operation, body);
	}

	private static void assertEventsValid(Operation operation, String body) {
		List<Sse.Event> events = Sse.parse(body);
		assertThat(events).isNotEmpty();
		for (Sse.Event event : events) {
			if (!event.data().equals("[DONE]")) {
				assertThat(OpenAPISchemas.validate(operation.id(), operation.status(), EVENT_STREAM,
						Http.json(event.data())))
					.as("%s streamed %s", operation.name(), event.data())
					.isEmpty();
			}
		}
	}

	/** Calls an operation with its path parameters filled and a minimal valid body. */
	private static HttpResponse<byte[]> call(Operation operation, boolean stream) {
		MockOpenAIServer server = mock.server();
		Request request = realistic(server, operation, stream);
		if (request == null) {
			request = described(operation, stream);
		}
		String query = operation.query();
		for (String parameter : request.query()) {
			query = (query.isEmpty() ? "" : query + "&") + parameter;
		}
		HttpRequest.Builder http = Http.request(server, "/v1" + request.path() + (query.isEmpty() ? "" : "?" + query));
		if (request.contentType() != null) {
			http.header("Content-Type", request.contentType());
		}
		HttpRequest.BodyPublisher body = (request.body() != null)
				? HttpRequest.BodyPublishers.ofByteArray(request.body()) : HttpRequest.BodyPublishers.noBody();
		return Http.sendForBytes(http.method(operation.method(), body).build());
	}

	/**
	 * A request that the realistic endpoints answer with success: they keep state and check
	 * their input, so the call needs an existing id or a real body.
	 */
	private static @Nullable Request realistic(MockOpenAIServer server, Operation operation, boolean stream) {
		String id = operation.id().replaceFirst("^beta_", "");
		String streaming = stream ? ", \"stream\": true" : "";
		return switch (id) {
			case "retrieveModel" -> new Request("/models/gpt-4o", List.of(), null, null);
			case "deleteModel" -> {
				server.addModel(FINE_TUNED_MODEL, "user-mock");
				yield new Request("/models/" + FINE_TUNED_MODEL, List.of(), null, null);
			}
			case "createChatCompletion" -> json("/chat/completions", "{\"model\": \"gpt-4o\", "
					+ "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]" + streaming + "}");
			case "createEmbedding" ->
				json("/embeddings", "{\"model\": \"text-embedding-3-small\", \"input\": \"Hello\"}");
			case "createResponse" ->
				json("/responses", "{\"model\": \"gpt-4o\", \"input\": \"Hello\"" + streaming + "}");
			case "getResponse", "deleteResponse" ->
				new Request(operation.path().replace("{response_id}", createResponse(server, false)), List.of(), null,
						null);
			case "cancelResponse" ->
				new Request(operation.path().replace("{response_id}", createResponse(server, true)), List.of(), null,
						null);
			case "listFiles" -> {
				addFile(server);
				yield new Request("/files", List.of(), null, null);
			}
			case "retrieveFile", "deleteFile", "downloadFile" ->
				new Request(operation.path().replace("{file_id}", addFile(server)), List.of(), null, null);
			case "addUploadPart", "cancelUpload" -> {
				// The generated form (a "data" file) goes to an upload that exists.
				Request generated = described(operation, stream);
				yield new Request(generated.path().replace("mock_upload_id",
						UploadsEndpointTests.create(server, 1).get("id").asString()), generated.query(),
						generated.contentType(), generated.body());
			}
			case "completeUpload" -> {
				String upload = UploadsEndpointTests.create(server, 3).get("id").asString();
				String part = UploadsEndpointTests.addPart(server, upload, new byte[] { 1, 2, 3 });
				yield json("/uploads/" + upload + "/complete", "{\"part_ids\": [\"" + part + "\"]}");
			}
			case "createBatch" -> json("/batches", BatchesEndpointTests.body(addBatchInput(server),
					"/v1/chat/completions", ""));
			case "retrieveBatch", "cancelBatch" -> new Request(operation.path().replace("{batch_id}",
					BatchesEndpointTests.create(server, addBatchInput(server), "/v1/chat/completions", "")
						.get("id")
						.asString()),
					List.of(), null, null);
			case "createSpeech" -> json("/audio/speech", "{\"model\": \"gpt-4o-mini-tts\", \"voice\": \"alloy\", "
					+ "\"input\": \"Hello\"" + (stream ? ", \"stream_format\": \"sse\"" : "") + "}");
			case "createTranscription", "createTranslation" -> form(operation.path(), stream, "whisper-1");
			case "createImage" -> json("/images/generations", "{\"model\": \"gpt-image-1\", \"prompt\": \"A cat\", "
					+ "\"size\": \"1024x1024\"" + (stream ? ", \"stream\": true, \"partial_images\": 1" : "") + "}");
			case "createImageEdit" -> {
				Forms form = Forms.form()
					.file("image", "cat.png", Png.png(32, 32, 0x808080, false))
					.field("prompt", "Add a hat")
					.field("model", "gpt-image-1");
				if (stream) {
					form.field("stream", "true").field("partial_images", "1");
				}
				yield new Request("/images/edits", List.of(), Forms.CONTENT_TYPE, form.build());
			}
			case "createImageVariation" -> new Request("/images/variations", List.of(), Forms.CONTENT_TYPE,
					Forms.form().file("image", "cat.png", Png.png(32, 32, 0x808080, false)).field("size", "256x256")
						.build());
			default -> vectorStores(server, operation, id);
		};
	}

	/** A form with a small audio file and a model, and a {@code stream} part {@code true} if asked. */
	private static Request form(String path, boolean stream, String model) {
		Forms form = Forms.form().file("file", "audio.wav", new byte[] { 1, 2, 3 }).field("model", model);
		if (stream) {
			form.field("stream", "true");
		}
		return new Request(path, List.of(), Forms.CONTENT_TYPE, form.build());
	}

	/** The vector store operations, on a store with a text file and a file batch. */
	private static @Nullable Request vectorStores(MockOpenAIServer server, Operation operation, String id) {
		if (!operation.path().startsWith("/vector_stores")) {
			return null;
		}
		String fileId = server.addFile("notes.txt", "assistants",
				"Notes about the return policy.".getBytes(StandardCharsets.UTF_8));
		String store = VectorStoresEndpointTests.createStore(server, "conformance");
		Http.post(server, "/v1/vector_stores/" + store + "/files", "{\"file_id\": \"" + fileId + "\"}");
		String batch = Http.json(Http.post(server, "/v1/vector_stores/" + store + "/file_batches",
				"{\"file_ids\": [\"" + fileId + "\"]}")).get("id").asString();
		String path = operation.path()
			.replace("{vector_store_id}", store)
			.replace("{file_id}", fileId)
			.replace("{batch_id}", batch);
		String body = switch (id) {
			case "createVectorStore", "modifyVectorStore" -> "{\"name\": \"conformance\", \"metadata\": {\"k\": \"v\"}}";
			case "createVectorStoreFile" -> "{\"file_id\": \"" + fileId + "\", \"attributes\": {\"year\": 2024}}";
			case "createVectorStoreFileBatch" -> "{\"file_ids\": [\"" + fileId + "\"]}";
			case "updateVectorStoreFileAttributes" -> "{\"attributes\": {\"topic\": \"returns\"}}";
			case "searchVectorStore" -> "{\"query\": \"return policy\"}";
			default -> null;
		};
		return (body != null) ? json(path, body) : new Request(path, List.of(), null, null);
	}

	private static String addBatchInput(MockOpenAIServer server) {
		return server.addFile("input.jsonl", "batch", BatchesEndpointTests.lines(BatchesEndpointTests.chatLine("a",
				"Hello")));
	}

	private static String addFile(MockOpenAIServer server) {
		return server.addFile("conformance.jsonl", "batch", FILE_CONTENT);
	}

	private static String createResponse(MockOpenAIServer server, boolean background) {
		return Http.json(Http.post(server, "/v1/responses",
				"{\"model\": \"gpt-4o\", \"input\": \"Hello\", \"background\": " + background + "}"))
			.get("id")
			.asString();
	}

	private static Request json(String path, String body) {
		return new Request(path, List.of(), "application/json", body.getBytes(StandardCharsets.UTF_8));
	}

	/** A request made from the description alone: parameters and body generated from their schemas. */
	private static Request described(Operation operation, boolean stream) {
		Matcher parameters = PARAMETER.matcher(operation.path());
		String path = parameters.replaceAll((match) -> "mock_" + match.group(1));
		List<String> query = new ArrayList<>();
		for (JsonNode parameter : operation.node().path("parameters")) {
			if (parameter.path("in").asString("").equals("query") && parameter.path("required").asBoolean(false)) {
				JsonNode value = SCHEMAS.generate(parameter.path("schema"));
				query.add(URLEncoder.encode(parameter.path("name").asString(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(value.isString() ? value.asString() : Json.write(value),
								StandardCharsets.UTF_8));
			}
		}
		JsonNode content = operation.node().path("requestBody").path("content");
		if (content.isEmpty()) {
			return new Request(path, query, null, null);
		}
		String mediaType = content.propertyNames().iterator().next();
		JsonNode schema = content.path(mediaType).path("schema");
		JsonNode value = SCHEMAS.generate(schema);
		if (stream && value instanceof ObjectNode object) {
			JsonNode properties = properties(schema);
			if (properties.has("stream_format")) {
				object.put("stream_format", "sse");
			}
			else {
				object.put("stream", true);
			}
		}
		if (mediaType.equals("multipart/form-data")) {
			String boundary = "mock-boundary-7MA4YWxkTrZu0gW";
			return new Request(path, query, "multipart/form-data; boundary=" + boundary,
					multipart((ObjectNode) value, properties(schema), boundary));
		}
		if (mediaType.equals("application/json")) {
			return new Request(path, query, mediaType, Json.write(value).getBytes(StandardCharsets.UTF_8));
		}
		String text = value.isString() ? value.asString() : Json.write(value);
		return new Request(path, query, mediaType, text.getBytes(StandardCharsets.UTF_8));
	}

	/** The properties an object schema declares, through a reference and {@code allOf}. */
	private static JsonNode properties(JsonNode schema) {
		JsonNode resolved = OpenAPIDescription.resolve(SCHEMAS.components(), schema);
		ObjectNode properties = Json.object();
		resolved.path("properties").properties().forEach((property) -> properties.set(property.getKey(),
				property.getValue()));
		for (JsonNode part : resolved.path("allOf")) {
			properties(part).properties().forEach((property) -> properties.set(property.getKey(), property.getValue()));
		}
		return properties;
	}

	/** A form with a field for each value; binary fields become small files. */
	private static byte[] multipart(ObjectNode fields, JsonNode properties, String boundary) {
		StringBuilder form = new StringBuilder();
		for (Map.Entry<String, JsonNode> field : fields.properties()) {
			form.append("--").append(boundary).append("\r\n");
			String name = field.getKey();
			if (isBinary(properties.path(name))) {
				form.append("Content-Disposition: form-data; name=\"").append(name)
					.append("\"; filename=\"mock.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nmock\r\n");
			}
			else {
				JsonNode value = field.getValue();
				form.append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
					.append(value.isString() ? value.asString() : Json.write(value)).append("\r\n");
			}
		}
		form.append("--").append(boundary).append("--\r\n");
		return form.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static boolean isBinary(JsonNode schema) {
		JsonNode resolved = OpenAPIDescription.resolve(SCHEMAS.components(), schema);
		if (resolved.path("format").asString("").equals("binary")) {
			return true;
		}
		for (String union : List.of("anyOf", "oneOf")) {
			for (JsonNode variant : resolved.path(union)) {
				if (isBinary(variant)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Every operation of the description, in its order. */
	private static List<Operation> operations() {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : OpenAPISchemas.DESCRIPTION.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
					String name = method.getKey().toUpperCase(Locale.ROOT);
					operations.add(new Operation(path.getKey(), name, method.getValue()));
				}
			}
		}
		return operations;
	}

	/**
	 * One operation of the description.
	 * @param key the path key, with the query of a beta variant
	 * @param method the method, in capitals
	 * @param node the operation object
	 */
	private record Operation(String key, String method, JsonNode node) {

		String id() {
			return this.node.path("operationId").asString();
		}

		String name() {
			return this.method + " " + this.key + " (" + id() + ")";
		}

		String path() {
			int query = this.key.indexOf('?');
			return (query >= 0) ? this.key.substring(0, query) : this.key;
		}

		String query() {
			int query = this.key.indexOf('?');
			return (query >= 0) ? this.key.substring(query + 1) : "";
		}

		/** The status of the first success the operation declares. */
		String status() {
			for (String status : this.node.path("responses").propertyNames()) {
				if (status.startsWith("2")) {
					return status;
				}
			}
			throw new IllegalStateException(name() + " declares no success");
		}

		JsonNode content() {
			return OpenAPISchemas.resolveResponse(this.node.path("responses").path(status())).path("content");
		}

		/** The media type of the answer to a request that does not ask for a stream. */
		@Nullable String mediaType() {
			String stream = null;
			for (String mediaType : content().propertyNames()) {
				if (!mediaType.equals(EVENT_STREAM)) {
					return mediaType;
				}
				stream = mediaType;
			}
			return stream;
		}

	}

	/**
	 * What to send.
	 * @param path the path after {@code /v1}
	 * @param query encoded query parameters
	 * @param contentType the body's content type, or {@code null} without a body
	 * @param body the body, or {@code null}
	 */
	private record Request(String path, List<String> query, @Nullable String contentType, byte @Nullable [] body) {

	}

}
