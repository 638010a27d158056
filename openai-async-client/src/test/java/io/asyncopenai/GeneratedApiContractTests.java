package io.asyncopenai;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.util.DeserializationUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.asyncopenai.core.BinaryResponse;
import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.models.batches.BatchCreateParams;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.uploads.UploadCreateParams;
import io.asyncopenai.models.vectorstores.VectorStoreCreateParams;
import io.asyncopenai.models.vectorstores.filebatches.FileBatchCreateParams;
import io.asyncopenai.models.uploads.parts.PartCreateParams;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.RecordedPart;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated API against the whole description: for every operation of the resource map,
 * the typed method sends the described method, path, query and body (JSON, or a form with its
 * files for the operations that take files) to MockOpenAIServer, and the server's answer (the
 * description's example, which the mock's own tests validate against the operation's schema)
 * reads into the method's type and writes back to the same JSON, or, for a file's contents,
 * reads whole as bytes. A failure names the operation.
 */
class GeneratedApiContractTests {

	private static final Path DESCRIPTION = Path.of("src/main/openapi/openapi.yaml");

	private static final Path MAP = Path.of("../openai-codegen/src/main/resources/resources.yaml");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper MAPPER = OpenAIJson.mapper();

	private static final byte[] FILE_CONTENT = "the bytes of a file".getBytes(StandardCharsets.UTF_8);

	private static OpenAPI api;

	private static MockOpenAIServer server;

	private static TestClient client;

	/** The vector store the last {@code vector_store_id} path value named, and its file. */
	private static String vectorStoreId;

	private static String vectorStoreFileId;

	@BeforeAll
	static void readTheDescriptionAndStartTheServer() {
		DeserializationUtils.getOptions().setMaxYamlCodePoints(64 * 1024 * 1024);
		ParseOptions options = new ParseOptions();
		options.setResolve(false);
		api = new OpenAPIV3Parser().readLocation(DESCRIPTION.toUri().toString(), null, options).getOpenAPI();
		server = MockOpenAIServer.start();
		client = TestClient.of(server);
	}

	@AfterAll
	static void stop() {
		client.close();
		server.close();
	}

	/**
	 * Every variant of a union whose variants are its subtypes (every responses stream event, the
	 * Responses WebSocket's events, every response output item, every webhook event, every
	 * realtime server and client event) reads as its own class, none as the union's unknown
	 * variant, and writes back as it came.
	 */
	@TestFactory
	@SuppressWarnings("rawtypes") // swagger-parser's own signatures
	Stream<DynamicTest> everyVariantOfASubtypeUnionReadsAsItsOwnClass() throws Exception {
		JsonNode map = new YAMLMapper().readTree(MAP.toFile());
		List<DynamicTest> tests = new ArrayList<>();
		for (Map.Entry<String, JsonNode> model : map.get("models").properties()) {
			if (!"subtypes".equals(model.getValue().path("variants").asString(""))) {
				continue;
			}
			String union = model.getKey();
			Class<?> unionType = Class.forName("io.asyncopenai.models." + model.getValue().get("package").asString() + "."
					+ map.path("types").path(union).asString(union));
			List<Schema> variants = union.equals("UnwrapWebhookEvent") ? webhookPayloads() : oneOrAnyOf(union);
			tests.add(DynamicTest.dynamicTest(union, () -> {
				Set<Class<?>> classes = new java.util.HashSet<>();
				for (Schema<?> variant : variants) {
					JsonNode json = instance(variant, 0);
					Object value = MAPPER.treeToValue(json, unionType);
					assertThat(value.getClass().getSimpleName()).as("%s read as", variant.get$ref())
						.doesNotStartWith("Unknown");
					List<String> differences = new ArrayList<>();
					differences(withoutNulls(json), withoutNulls(MAPPER.valueToTree(value)), "$", differences);
					assertThat(differences).as("%s written back", variant.get$ref()).isEmpty();
					classes.add(value.getClass());
				}
				assertThat(classes).as("one class per variant of %s", union).hasSize(variants.size());
			}));
		}
		assertThat(tests).hasSize(11);
		return tests.stream();
	}

	@SuppressWarnings("rawtypes") // swagger-parser's own signatures
	private static List<Schema> oneOrAnyOf(String name) {
		Schema<?> described = api.getComponents().getSchemas().get(name);
		return (described.getOneOf() != null) ? described.getOneOf() : described.getAnyOf();
	}

	/** The payloads of the description's webhooks, which the generator makes one union of. */
	@SuppressWarnings("rawtypes") // swagger-parser's own signatures
	private static List<Schema> webhookPayloads() {
		List<Schema> payloads = new ArrayList<>();
		api.getWebhooks().values().forEach((item) -> item.readOperations()
			.forEach((operation) -> payloads.add(operation.getRequestBody().getContent().get("application/json").getSchema())));
		return payloads;
	}

	@TestFactory
	Stream<DynamicTest> everyOperationSendsWhatTheDescriptionSaysAndReadsItsAnswer() throws Exception {
		List<DynamicTest> tests = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : operations().entrySet()) {
			Mapped mapped = mapped(entry.getKey(), entry.getValue());
			if (mapped == null) {
				continue;
			}
			tests.add(DynamicTest.dynamicTest(mapped.name(), () -> {
				try {
					sendsWhatTheDescriptionSays(mapped);
					readsTheAnswerAndWritesItBackUnchanged(mapped);
				}
				catch (Exception ex) {
					throw new AssertionError(mapped.name() + ": " + ex, ex);
				}
			}));
		}
		long handwritten = operations().values().stream().filter((entry) -> entry.path("handwritten").asBoolean(false)).count();
		assertThat(tests).as("every operation but the hand-written ones").hasSize(operations().size() - (int) handwritten);
		return tests.stream();
	}

	private void sendsWhatTheDescriptionSays(Mapped mapped) throws Exception {
		server.reset();
		Object service = client.openai();
		for (String accessor : mapped.service.split("\\.")) {
			service = service.getClass().getMethod(accessor).invoke(service);
		}
		Method method = pageOrMethod(service, mapped.method);
		Class<?> paramsType = method.getParameterTypes()[0];
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		if (mapped.requestSchema != null) {
			body = (ObjectNode) instance(mapped.requestSchema, 0);
			body.remove("stream");
			if (hasProperty(mapped.requestSchema, "model") && !body.has("model")) {
				// Optional in the description where a stored prompt can name it; the server needs one.
				body.put("model", "gpt-4o");
			}
		}
		List<String> fileFields = new ArrayList<>();
		if (mapped.multipart) {
			for (String name : List.copyOf(body.propertyNames())) {
				if (holdsBinary(propertySchema(mapped.requestSchema, name))) {
					body.remove(name);
					fileFields.add(name);
				}
			}
		}
		Object params = MAPPER.convertValue(body, paramsType);
		Object builder = paramsType.getMethod("toBuilder").invoke(params);
		for (String name : fileFields) {
			setFile(builder, name);
		}
		Map<String, String> pathValues = new LinkedHashMap<>();
		Map<String, String> queryValues = new LinkedHashMap<>(mapped.queryValues);
		for (Parameter parameter : parameters(mapped.operation)) {
			boolean path = "path".equals(parameter.getIn());
			if (!path && !Boolean.TRUE.equals(parameter.getRequired())) {
				continue;
			}
			String value = path ? pathValue(parameter.getName(), mapped) : "q";
			Method setter = setter(builder.getClass(), parameter.getName());
			Class<?> type = setter.getParameterTypes()[0];
			setter.invoke(builder, (type == Long.class) ? (Object) 7L : value);
			(path ? pathValues : queryValues).put(parameter.getName(), (type == Long.class) ? "7" : value);
		}
		if (mapped.requestSchema != null) {
			for (Map.Entry<String, JsonNode> real : realIds(mapped, pathValues).entrySet()) {
				body.set(real.getKey(), real.getValue());
				setter(builder.getClass(), real.getKey()).invoke(builder,
						MAPPER.convertValue(real.getValue(), setter(builder.getClass(), real.getKey()).getParameterTypes()[0]));
			}
		}
		params = builder.getClass().getMethod("build").invoke(builder);
		mapped.pathValues.putAll(pathValues);
		mapped.queryValues.putAll(queryValues);
		mapped.body = (mapped.requestSchema != null) ? body : null;
		Object result = method.invoke(service, params, RequestOptions.none());
		if (result instanceof Flux<?> flux) {
			flux.take(3).collectList().block(TIMEOUT);
		}
		else if (mapped.download) {
			// Read whole: a body left unread would hold its connection until the call's timeout.
			assertThat(((Mono<?>) result).flatMap((response) -> ((BinaryResponse) response).bytes()).block(TIMEOUT))
				.as("%s body", mapped.name())
				.isNotNull();
		}
		else {
			((Mono<?>) result).block(TIMEOUT);
		}
		RecordedRequest request = server.lastRequest();
		assertThat(request.method()).as("%s method", mapped.name()).isEqualTo(mapped.httpMethod);
		String expectedPath = "/v1" + mapped.path;
		for (Map.Entry<String, String> value : pathValues.entrySet()) {
			expectedPath = expectedPath.replace("{" + value.getKey() + "}",
					// A path segment may hold ':' as it is (fine-tuned model ids do).
					URLEncoder.encode(value.getValue(), StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":"));
		}
		assertThat(request.path()).as("%s path", mapped.name()).isEqualTo(expectedPath);
		queryValues.forEach((name, value) -> assertThat(request.queryParameters().get(name))
			.as("%s query %s", mapped.name(), name)
			.containsExactly(value));
		if (mapped.download) {
			assertThat(request.header("accept")).as("%s accept", mapped.name()).isNotEqualTo("application/json");
		}
		if (mapped.multipart) {
			assertThat(request.header("content-type")).as("%s content type", mapped.name())
				.startsWith("multipart/form-data; boundary=");
			List<String> partNames = request.parts().stream().map(RecordedPart::name).toList();
			for (String name : body.propertyNames()) {
				assertThat(partNames).as("%s form field %s", mapped.name(), name)
					.anyMatch((part) -> part.equals(name) || part.startsWith(name + "["));
			}
			for (String name : fileFields) {
				assertThat(request.parts()).as("%s file field %s", mapped.name(), name)
					.anySatisfy((part) -> {
						assertThat(part.name()).startsWith(name);
						assertThat(part.filename()).isEqualTo("contract.bin");
						assertThat(part.bytes()).isEqualTo(FILE_CONTENT);
					});
			}
		}
		else if (mapped.requestSchema != null) {
			JsonNode sent = MAPPER.readTree(request.body());
			for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext();) {
				String name = names.next();
				assertThat(sent.has(name)).as("%s body field %s in %s", mapped.name(), name, sent).isTrue();
			}
		}
		else {
			assertThat(request.body()).as("%s body", mapped.name()).isEmpty();
		}
	}

	/**
	 * The answer the server gives to the same request, read as JSON and into the method's type,
	 * written back to the same JSON: nothing lost, unknown fields kept. A field the JSON has as
	 * {@code null} and the type leaves out counts as the same.
	 */
	private void readsTheAnswerAndWritesItBackUnchanged(Mapped mapped) throws Exception {
		if (mapped.resultType == null || mapped.multipart) {
			// Nothing to read, or a form the untyped call cannot send: the typed call read it above.
			return;
		}
		RequestOptions.Builder options = RequestOptions.builder();
		mapped.queryValues.forEach(options::queryParameter);
		// Fresh path values: a call that changes what it names (a cancel) answers differently twice.
		Map<String, String> pathValues = new LinkedHashMap<>();
		mapped.pathValues.keySet().forEach((name) -> pathValues.put(name, pathValue(name, mapped)));
		JsonNode body = mapped.body;
		if (body != null) {
			ObjectNode withRealIds = (ObjectNode) body.deepCopy();
			realIds(mapped, pathValues).forEach(withRealIds::set);
			body = withRealIds;
		}
		JsonNode answer = client.openai()
			.request(org.springframework.http.HttpMethod.valueOf(mapped.httpMethod), mapped.path, pathValues, body,
					JsonNode.class, options.build())
			.block(TIMEOUT);
		Object value = MAPPER.readValue(MAPPER.writeValueAsBytes(answer), mapped.resultType);
		List<String> differences = new ArrayList<>();
		differences(withoutNulls(answer), withoutNulls(MAPPER.valueToTree(value)), "$", differences);
		assertThat(differences).as("%s written back", mapped.name()).isEmpty();
	}

	/**
	 * A path value: the id of a stored response where the server looks one up (created in the
	 * background for a cancel, which only such a response allows), else a made-up one.
	 */
	private static String pathValue(String parameter, Mapped mapped) {
		if (parameter.equals("response_id")) {
			return client.openai()
				.responses()
				.create(ResponseCreateParams.builder()
					.model("gpt-4o")
					.input("Hello")
					.background(mapped.path.endsWith("/cancel"))
					.build())
				.block(TIMEOUT)
				.id();
		}
		if (parameter.equals("vector_store_id")) {
			// The mock's vector stores are real: one with a file of its own, indexed.
			vectorStoreFileId = server.addFile("notes.txt", "assistants", FILE_CONTENT);
			vectorStoreId = client.openai()
				.vectorStores()
				.create(VectorStoreCreateParams.builder().addFileId(vectorStoreFileId).build())
				.block(TIMEOUT)
				.id();
			return vectorStoreId;
		}
		if (parameter.equals("file_id") && mapped.path.startsWith("/vector_stores/")) {
			return vectorStoreFileId;
		}
		if (parameter.equals("batch_id") && mapped.path.startsWith("/vector_stores/")) {
			return client.openai()
				.vectorStores()
				.fileBatches()
				.create(vectorStoreId, FileBatchCreateParams.builder()
					.addFileId(server.addFile("more-notes.txt", "assistants", FILE_CONTENT))
					.build())
				.block(TIMEOUT)
				.id();
		}
		if (parameter.equals("file_id") && mapped.path.startsWith("/files/")) {
			// The mock's files are real: one it stores can be retrieved, downloaded and deleted.
			return server.addFile("contract.jsonl", "batch", FILE_CONTENT);
		}
		if (parameter.equals("batch_id") && mapped.path.startsWith("/batches/")) {
			return client.openai()
				.batches()
				.create(BatchCreateParams.builder()
					.inputFileId(batchInputFile())
					.endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
					.completionWindow("24h")
					.build())
				.block(TIMEOUT)
				.id();
		}
		if (parameter.equals("upload_id")) {
			return client.openai()
				.uploads()
				.create(UploadCreateParams.builder()
					.filename("contract.jsonl")
					.purpose("batch")
					.bytes(FILE_CONTENT.length)
					.mimeType("application/jsonl")
					.build())
				.block(TIMEOUT)
				.id();
		}
		if (parameter.equals("model")) {
			// The mock's models are real: a fine-tuned one of our own can be retrieved and deleted.
			String model = "ft:gpt-4o-mini:contract:tests:" + UUID.randomUUID();
			server.addModel(model, "contract");
			return model;
		}
		return "id_" + parameter + " 1";
	}

	/**
	 * Body fields that must name objects the mock holds: a batch's input file, the files added
	 * to a vector store, the parts that complete an upload (added to it now).
	 */
	private static Map<String, JsonNode> realIds(Mapped mapped, Map<String, String> pathValues) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		if (mapped.httpMethod.equals("POST") && mapped.path.equals("/batches")) {
			return Map.of("input_file_id", json.stringNode(batchInputFile()));
		}
		if (mapped.httpMethod.equals("POST") && mapped.path.equals("/vector_stores/{vector_store_id}/files")) {
			return Map.of("file_id", json.stringNode(server.addFile("attached.txt", "assistants", FILE_CONTENT)));
		}
		if (mapped.httpMethod.equals("POST") && mapped.path.equals("/vector_stores/{vector_store_id}/file_batches")) {
			return Map.of("file_ids",
					json.arrayNode().add(server.addFile("batched.txt", "assistants", FILE_CONTENT)));
		}
		if (mapped.path.equals("/uploads/{upload_id}/complete")) {
			String part = client.openai()
				.uploads()
				.parts()
				.create(pathValues.get("upload_id"),
						PartCreateParams.builder().data(UploadFile.of(FILE_CONTENT, "part.bin")).build())
				.block(TIMEOUT)
				.id();
			return Map.of("part_ids", json.arrayNode().add(part));
		}
		return Map.of();
	}

	private static String batchInputFile() {
		byte[] line = ("{\"custom_id\":\"contract\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
				+ "\"body\":{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}}\n")
			.getBytes(StandardCharsets.UTF_8);
		return server.addFile("contract-batch.jsonl", "batch", line);
	}

	private static Method method(Object service, String name) throws NoSuchMethodException {
		for (Method candidate : service.getClass().getMethods()) {
			if (candidate.getName().equals(name) && candidate.getParameterCount() == 2
					&& candidate.getParameterTypes()[1] == RequestOptions.class
					&& candidate.getParameterTypes()[0].getSimpleName().endsWith("Params")) {
				return candidate;
			}
		}
		throw new NoSuchMethodException(service.getClass().getName() + "." + name + "(Params, RequestOptions)");
	}

	/** A list operation's one-page method (its auto-paging one has AutoPagingTests), else the method. */
	private static Method pageOrMethod(Object service, String name) throws NoSuchMethodException {
		try {
			return method(service, name + "Page");
		}
		catch (NoSuchMethodException ex) {
			return method(service, name);
		}
	}

	private static Method setter(Class<?> builder, String parameter) throws NoSuchMethodException {
		String pascal = pascal(parameter.replace("[]", ""));
		String camel = Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
		for (Method candidate : builder.getMethods()) {
			// The overload of the field's own type, not the one taking a primitive.
			if (candidate.getName().equals(camel) && candidate.getParameterCount() == 1
					&& !candidate.getParameterTypes()[0].isPrimitive()) {
				return candidate;
			}
		}
		throw new NoSuchMethodException(builder.getName() + "." + camel);
	}

	private static String pascal(String name) {
		StringBuilder out = new StringBuilder();
		boolean upper = true;
		for (char c : name.toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
			else {
				upper = true;
			}
		}
		return out.toString();
	}

	/** A minimal JSON instance of a schema: its required properties, constants, first values. */
	@SuppressWarnings("rawtypes") // swagger-parser's own signatures
	private static JsonNode instance(Schema<?> schema, int depth) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		if (schema.get$ref() != null) {
			return instance(api.getComponents().getSchemas().get(schema.get$ref().substring(21)), depth + 1);
		}
		if (depth > 40) {
			return json.objectNode();
		}
		List<Schema> union = (schema.getAnyOf() != null) ? schema.getAnyOf() : schema.getOneOf();
		if (union != null && !union.isEmpty() && schema.getProperties() == null) {
			for (Schema<?> variant : union) {
				if (variant.getTypes() == null || !variant.getTypes().equals(Set.of("null"))) {
					return instance(variant, depth + 1);
				}
			}
		}
		if (schema.getConst() != null) {
			return json.stringNode(String.valueOf(schema.getConst()));
		}
		if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
			Object first = schema.getEnum().get(0);
			return (first instanceof Number number) ? json.numberNode(number.longValue()) : json.stringNode(String.valueOf(first));
		}
		if (schema.getAllOf() != null || schema.getProperties() != null) {
			ObjectNode object = json.objectNode();
			if (depth > 12) {
				// Deep enough: nested required fields are left out rather than filled with wrong kinds.
				return object;
			}
			List<Schema<?>> parts = new ArrayList<>();
			if (schema.getAllOf() != null) {
				schema.getAllOf().forEach(parts::add);
			}
			parts.add(schema);
			for (Schema<?> part : parts) {
				Schema<?> target = (part.get$ref() != null)
						? api.getComponents().getSchemas().get(part.get$ref().substring(21)) : part;
				if (target.getProperties() == null) {
					continue;
				}
				for (Map.Entry<String, Schema> property : target.getProperties().entrySet()) {
					if (target.getRequired() != null && target.getRequired().contains(property.getKey())) {
						object.set(property.getKey(), instance(property.getValue(), depth + 1));
					}
				}
			}
			return object;
		}
		Set<String> types = (schema.getTypes() != null) ? schema.getTypes() : Set.of();
		if (types.contains("array")) {
			ArrayNode array = json.arrayNode();
			if (schema.getItems() != null && depth <= 12) {
				array.add(instance(schema.getItems(), depth + 1));
			}
			return array;
		}
		if (types.contains("integer")) {
			return json.numberNode(1);
		}
		if (types.contains("number")) {
			return json.numberNode(0.5);
		}
		if (types.contains("boolean")) {
			return json.booleanNode(true);
		}
		if (types.contains("object")) {
			return json.objectNode();
		}
		return json.stringNode("text");
	}

	/** Where two JSON values differ, as paths with both sides. */
	private static void differences(JsonNode expected, JsonNode actual, String path, List<String> into) {
		if (expected.isObject() && actual.isObject()) {
			Set<String> names = new java.util.TreeSet<>(expected.propertyNames());
			names.addAll(actual.propertyNames());
			for (String name : names) {
				if (!expected.has(name)) {
					// Hand-written models give an absent list as an empty one; generated ones keep it absent.
					if (!(actual.get(name).isArray() && actual.get(name).isEmpty())) {
						into.add(path + "." + name + " added: " + actual.get(name));
					}
				}
				else if (!actual.has(name)) {
					into.add(path + "." + name + " lost: " + expected.get(name));
				}
				else {
					differences(expected.get(name), actual.get(name), path + "." + name, into);
				}
			}
		}
		else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
			for (int i = 0; i < expected.size(); i++) {
				differences(expected.get(i), actual.get(i), path + "[" + i + "]", into);
			}
		}
		else if (!expected.equals(actual) && !(expected.isNumber() && actual.isNumber()
				&& expected.decimalValue().compareTo(actual.decimalValue()) == 0)) {
			into.add(path + " was " + expected + ", written " + actual);
		}
	}

	/** Sets a file field of a params builder to {@link #FILE_CONTENT}, a file or a list of one as the field takes. */
	private static void setFile(Object builder, String field) throws Exception {
		String pascal = pascal(field);
		String camel = Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
		UploadFile file = UploadFile.of(FILE_CONTENT, "contract.bin");
		for (Method candidate : builder.getClass().getMethods()) {
			if (candidate.getName().equals(camel) && candidate.getParameterCount() == 1
					&& candidate.getParameterTypes()[0] == UploadFile.class) {
				candidate.invoke(builder, file);
				return;
			}
		}
		for (Method candidate : builder.getClass().getMethods()) {
			if (candidate.getName().equals(camel) && candidate.getParameterCount() == 1
					&& candidate.getGenericParameterTypes()[0].getTypeName().equals("java.util.List<" + UploadFile.class.getName() + ">")) {
				candidate.invoke(builder, List.of(file));
				return;
			}
		}
		throw new NoSuchMethodException(builder.getClass().getName() + "." + camel + "(UploadFile)");
	}

	private static Schema<?> propertySchema(Schema<?> schema, String name) {
		Schema<?> target = deref(schema);
		if (target.getProperties() != null && target.getProperties().containsKey(name)) {
			return target.getProperties().get(name);
		}
		if (target.getAllOf() != null) {
			for (Schema<?> part : target.getAllOf()) {
				Schema<?> found = propertySchema(part, name);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static boolean formHoldsFiles(Schema<?> form) {
		Schema<?> target = deref(form);
		return target.getProperties() != null
				&& target.getProperties().values().stream().anyMatch((property) -> holdsBinary(property));
	}

	@SuppressWarnings("rawtypes") // swagger-parser's own signatures
	private static boolean holdsBinary(Schema<?> schema) {
		if (schema == null) {
			return false;
		}
		Schema<?> target = deref(schema);
		if ("binary".equals(target.getFormat())) {
			return true;
		}
		List<Schema> union = (target.getOneOf() != null) ? target.getOneOf() : target.getAnyOf();
		if (union != null && union.stream().anyMatch((variant) -> holdsBinary(variant))) {
			return true;
		}
		return target.getItems() != null && holdsBinary(target.getItems());
	}

	private static Schema<?> deref(Schema<?> schema) {
		return (schema.get$ref() != null) ? api.getComponents().getSchemas().get(schema.get$ref().substring(21)) : schema;
	}

	private static boolean hasProperty(Schema<?> schema, String name) {
		Schema<?> target = (schema.get$ref() != null)
				? api.getComponents().getSchemas().get(schema.get$ref().substring(21)) : schema;
		if (target.getProperties() != null && target.getProperties().containsKey(name)) {
			return true;
		}
		return target.getAllOf() != null && target.getAllOf().stream().anyMatch((part) -> hasProperty(part, name));
	}

	private static JsonNode withoutNulls(JsonNode node) {
		if (node.isObject()) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			node.properties().forEach((entry) -> {
				if (!entry.getValue().isNull()) {
					copy.set(entry.getKey(), withoutNulls(entry.getValue()));
				}
			});
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			node.forEach((element) -> copy.add(withoutNulls(element)));
			return copy;
		}
		return node;
	}

	private static List<Parameter> parameters(Operation operation) {
		return (operation.getParameters() != null) ? operation.getParameters() : List.of();
	}

	private static Map<String, JsonNode> operations() throws Exception {
		JsonNode map = new YAMLMapper().readTree(MAP.toFile());
		Map<String, JsonNode> operations = new LinkedHashMap<>();
		map.get("operations").properties().forEach((entry) -> operations.put(entry.getKey(), entry.getValue()));
		return operations;
	}

	/** An operation the generator types: a JSON (or no) request body and a JSON (or no) answer. */
	private static Mapped mapped(String id, JsonNode entry) throws Exception {
		if (entry.path("handwritten").asBoolean(false)) {
			// Hand-written methods, proven by the tests of their own resources.
			return null;
		}
		String http = entry.get("http").asString();
		String httpMethod = http.substring(0, http.indexOf(' '));
		String pathKey = http.substring(http.indexOf(' ') + 1);
		PathItem item = api.getPaths().get(pathKey);
		Operation operation = switch (httpMethod) {
			case "GET" -> item.getGet();
			case "POST" -> item.getPost();
			default -> item.getDelete();
		};
		Schema<?> requestSchema = null;
		boolean multipart = false;
		if (operation.getRequestBody() != null) {
			MediaType json = operation.getRequestBody().getContent().get("application/json");
			MediaType form = operation.getRequestBody().getContent().get("multipart/form-data");
			// A form where the operation takes files, or takes nothing else.
			multipart = form != null && (json == null || formHoldsFiles(form.getSchema()));
			requestSchema = multipart ? form.getSchema() : json.getSchema();
		}
		boolean download = httpMethod.equals("GET") && pathKey.endsWith("/content");
		for (Map.Entry<String, io.swagger.v3.oas.models.responses.ApiResponse> response : operation.getResponses()
			.entrySet()) {
			if (response.getKey().startsWith("2")) {
				Map<String, MediaType> content = (response.getValue().getContent() != null)
						? response.getValue().getContent() : Map.of();
				MediaType json = content.get("application/json");
				// File, video and skill contents are described as a JSON string but sent as bytes.
				boolean jsonString = json != null && json.getSchema() != null && json.getSchema().getTypes() != null
						&& json.getSchema().getTypes().equals(Set.of("string"));
				boolean otherTypes = content.keySet()
					.stream()
					.anyMatch((type) -> !type.equals("application/json") && !type.equals("text/event-stream"));
				download = jsonString || otherTypes || (content.isEmpty() && download);
				break;
			}
		}
		Object service = client.openai();
		for (String accessor : entry.get("service").asString().split("\\.")) {
			service = service.getClass().getMethod(accessor).invoke(service);
		}
		String methodName = entry.get("method").asString();
		Method method = pageOrMethod(service, methodName);
		Type returned = ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
		JavaType resultType = (returned == Void.class || download) ? null : MAPPER.constructType(returned);
		Mapped mapped = new Mapped(id, httpMethod, pathKey.replace("?beta=true", ""), entry.get("service").asString(),
				methodName, operation, requestSchema, resultType);
		mapped.multipart = multipart;
		mapped.download = download;
		assertThat(returned == BinaryResponse.class).as("%s answers a BinaryResponse", mapped.name()).isEqualTo(download);
		if (pathKey.endsWith("?beta=true")) {
			mapped.queryValues.put("beta", "true");
		}
		return mapped;
	}

	private static final class Mapped {

		final String id;

		final String httpMethod;

		final String path;

		final String service;

		final String method;

		final Operation operation;

		final Schema<?> requestSchema;

		final JavaType resultType;

		final Map<String, String> pathValues = new LinkedHashMap<>();

		final Map<String, String> queryValues = new LinkedHashMap<>();

		JsonNode body;

		boolean multipart;

		boolean download;

		Mapped(String id, String httpMethod, String path, String service, String method, Operation operation,
				Schema<?> requestSchema, JavaType resultType) {
			this.id = id;
			this.httpMethod = httpMethod;
			this.path = path;
			this.service = service;
			this.method = method;
			this.operation = operation;
			this.requestSchema = requestSchema;
			this.resultType = resultType;
		}

		String name() {
			return this.httpMethod + " " + this.path + " (" + this.id + ")";
		}

	}

}
