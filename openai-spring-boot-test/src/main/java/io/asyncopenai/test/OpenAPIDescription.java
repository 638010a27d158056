package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * OpenAI's API description that the mock's jar carries, read once per JVM on first use and
 * indexed by operation, each with the answer the mock gives for it.
 */
final class OpenAPIDescription {

	/** Where the build copies the description, beside this class. */
	static final String RESOURCE = "openapi/openapi.yaml";

	/** The prefix of every schema reference the description makes. */
	static final String SCHEMAS = "#/components/schemas/";

	// The description is at 94 % of SnakeYAML's default limit of 3 MiB; a newer one must still load.
	private static final int MAX_YAML_CODE_POINTS = 64 * 1024 * 1024;

	private static final Pattern BLANK_LINE = Pattern.compile("^[ \\t]+$", Pattern.MULTILINE);

	private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

	private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs",
			"dependentSchemas");

	private static final Set<String> SCHEMA_VALUES = Set.of("items", "additionalProperties", "not", "contains", "if",
			"then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems");

	private static final Set<String> SCHEMA_ARRAYS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");

	private static volatile boolean loaded;

	private final List<DescribedOperation> operations;

	private OpenAPIDescription(List<DescribedOperation> operations) {
		this.operations = List.copyOf(operations);
	}

	/**
	 * The description, read and indexed on the first call.
	 * @return the description
	 */
	static OpenAPIDescription get() {
		OpenAPIDescription description = Holder.INSTANCE;
		loaded = true;
		return description;
	}

	/** Whether a call of {@link #get()} has finished reading the description. */
	static boolean isLoaded() {
		return loaded;
	}

	/** Every operation of the description, in its order. */
	List<DescribedOperation> operations() {
		return this.operations;
	}

	/**
	 * The operation that answers a request: same method, and a path that matches the
	 * operation's template, a literal segment winning over a parameter where both match.
	 * @param method the HTTP method
	 * @param path the request path after {@code /v1}, without query
	 * @param beta whether the request asked for the beta variant ({@code ?beta=true})
	 * @return the operation, or {@code null} if none matches
	 */
	@Nullable DescribedOperation find(String method, String path, boolean beta) {
		String[] segments = DescribedOperation.segments(path);
		DescribedOperation best = null;
		for (DescribedOperation operation : this.operations) {
			if (operation.method().equals(method) && operation.matches(segments)
					&& (best == null || operation.isMoreSpecificThan(best, beta))) {
				best = operation;
			}
		}
		return best;
	}

	/**
	 * Reads the description and rewrites what OpenAPI 3.0 left in it into JSON Schema
	 * 2020-12, so that any 2020-12 validator reads its schemas as the API means them:
	 * {@code nullable: true} becomes {@code anyOf: [schema, {type: null}]}, a boolean
	 * {@code exclusiveMinimum}/{@code exclusiveMaximum} takes the value of
	 * {@code minimum}/{@code maximum}, and {@code $recursiveRef: "#"} becomes a {@code $ref} to
	 * the component schema that holds it.
	 * @return the whole description as a tree
	 */
	static ObjectNode read() {
		YAMLFactory yaml = YAMLFactory.builder()
			.loadSettings(LoadSettings.builder().setCodePointLimit(MAX_YAML_CODE_POINTS).build())
			.build();
		ObjectNode root = (ObjectNode) YAMLMapper.builder(yaml).build().readTree(text());
		normalize(root);
		return root;
	}

	/**
	 * The description's text, with lines of blanks only made empty: a YAML 1.2 parser rejects
	 * a block scalar whose leading blank line is indented deeper than the lines after it, as
	 * one example of the description is. Blank lines carry nothing the mock uses.
	 */
	private static String text() {
		try (InputStream in = OpenAPIDescription.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + RESOURCE + " of the MockOpenAIServer jar");
			}
			return BLANK_LINE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8)).replaceAll("");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static OpenAPIDescription load() {
		ObjectNode root = read();
		SchemaInstances schemas = new SchemaInstances(root.path("components").path("schemas"));
		List<DescribedOperation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				if (METHODS.contains(operation.getKey())) {
					operations.add(DescribedAnswers.of(root, path.getKey(), operation.getKey(), operation.getValue(),
							schemas));
				}
			}
		}
		return new OpenAPIDescription(operations);
	}

	/**
	 * The schema a reference names: follows {@code $ref}s to component schemas, without the
	 * keywords beside a reference.
	 * @param schemas the description's {@code components/schemas}
	 * @param schema a schema
	 * @return the schema it refers to, or itself
	 */
	static JsonNode resolve(JsonNode schemas, JsonNode schema) {
		JsonNode resolved = schema;
		// The description has no reference cycles; the bound guards against one in a newer description.
		for (int hops = 0; hops < 32 && resolved.path("$ref").isString(); hops++) {
			resolved = component(schemas, resolved.path("$ref").asString());
		}
		return resolved;
	}

	/**
	 * The component schema of a {@code #/components/schemas/Name} reference.
	 * @throws IllegalStateException for another kind of reference
	 */
	static JsonNode component(JsonNode schemas, String ref) {
		if (!ref.startsWith(SCHEMAS)) {
			throw new IllegalStateException("Unsupported reference " + ref);
		}
		JsonNode schema = schemas.get(ref.substring(SCHEMAS.length()));
		if (schema == null) {
			throw new IllegalStateException("Unknown schema " + ref);
		}
		return schema;
	}

	private static void normalize(ObjectNode root) {
		JsonNode schemas = root.path("components").path("schemas");
		if (schemas instanceof ObjectNode components) {
			for (String name : List.copyOf(components.propertyNames())) {
				components.set(name, normalize(components.get(name), SCHEMAS + name));
			}
		}
		normalizeContent(root.path("components").path("responses"));
		for (JsonNode pathItem : root.path("paths").values()) {
			for (Map.Entry<String, JsonNode> operation : pathItem.properties()) {
				if (METHODS.contains(operation.getKey())) {
					normalizeContent(operation.getValue().path("responses"));
					normalizeMediaTypes(operation.getValue().path("requestBody").path("content"));
				}
			}
		}
	}

	/** Normalizes the schemas of each response's content. */
	private static void normalizeContent(JsonNode responses) {
		for (JsonNode response : responses.values()) {
			normalizeMediaTypes(response.path("content"));
		}
	}

	private static void normalizeMediaTypes(JsonNode content) {
		for (JsonNode mediaType : content.values()) {
			if (mediaType instanceof ObjectNode media && media.has("schema")) {
				media.set("schema", normalize(media.get("schema"), null));
			}
		}
	}

	/**
	 * One schema and its subschemas normalized.
	 * @param component the reference of the component schema holding it, for
	 * {@code $recursiveRef}
	 */
	private static JsonNode normalize(JsonNode schema, @Nullable String component) {
		if (!(schema instanceof ObjectNode object)) {
			return schema;
		}
		for (String keyword : List.copyOf(object.propertyNames())) {
			JsonNode value = object.get(keyword);
			if (SCHEMA_MAPS.contains(keyword) && value instanceof ObjectNode map) {
				for (String name : List.copyOf(map.propertyNames())) {
					map.set(name, normalize(map.get(name), component));
				}
			}
			else if (SCHEMA_VALUES.contains(keyword)) {
				object.set(keyword, normalize(value, component));
			}
			else if (SCHEMA_ARRAYS.contains(keyword) && value instanceof ArrayNode array) {
				for (int i = 0; i < array.size(); i++) {
					array.set(i, normalize(array.get(i), component));
				}
			}
		}
		if (object.has("$recursiveRef") && component != null) {
			object.remove("$recursiveRef");
			object.put("$ref", component);
		}
		object.remove("$recursiveAnchor");
		exclusiveBound(object, "exclusiveMinimum", "minimum");
		exclusiveBound(object, "exclusiveMaximum", "maximum");
		JsonNode nullable = object.remove("nullable");
		if (nullable != null && nullable.asBoolean(false)) {
			ObjectNode wrapper = Json.object();
			ArrayNode anyOf = wrapper.putArray("anyOf");
			anyOf.add(object);
			anyOf.addObject().put("type", "null");
			return wrapper;
		}
		return object;
	}

	/** OpenAPI 3.0's {@code exclusiveMinimum: true} beside {@code minimum} as 2020-12 writes it. */
	private static void exclusiveBound(ObjectNode schema, String exclusive, String inclusive) {
		JsonNode flag = schema.get(exclusive);
		if (flag == null || !flag.isBoolean()) {
			return;
		}
		schema.remove(exclusive);
		JsonNode bound = schema.get(inclusive);
		if (flag.booleanValue() && bound != null && bound.isNumber()) {
			schema.remove(inclusive);
			schema.set(exclusive, bound);
		}
	}

	/**
	 * Holds the description once read: class initialization runs {@code load()} once, on the
	 * first {@code get()}, and makes its result visible to every thread.
	 */
	private static final class Holder {

		static final OpenAPIDescription INSTANCE = load();

	}

}
