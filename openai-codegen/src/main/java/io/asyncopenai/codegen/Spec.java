package io.asyncopenai.codegen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.util.DeserializationUtils;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The API description as read by swagger-parser, with the look-ups the generator needs: schemas
 * by name, {@code $ref}s followed, {@code allOf}s merged, nullability read the 3.1 way.
 */
final class Spec {

	private static final String SCHEMA_REF = "#/components/schemas/";

	final OpenAPI api;

	final Map<String, Schema<?>> schemas;

	/** The union of every webhook payload the description lists, named as the Java SDK names it. */
	static final String WEBHOOK_EVENT = "UnwrapWebhookEvent";

	private Spec(OpenAPI api) {
		this.api = api;
		Map<String, Schema<?>> named = new LinkedHashMap<>();
		api.getComponents().getSchemas().forEach(named::put);
		Schema<?> webhookEvent = webhookEvent(api);
		if (webhookEvent != null && named.putIfAbsent(WEBHOOK_EVENT, webhookEvent) != null) {
			throw new IllegalStateException("The description names a schema " + WEBHOOK_EVENT
					+ ", the name the webhook events' union takes");
		}
		this.schemas = named;
	}

	/**
	 * The payloads of the description's {@code webhooks}, as one union told apart by
	 * {@code type}: the description lists them but names no schema for all of them.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> webhookEvent(OpenAPI api) {
		if (api.getWebhooks() == null || api.getWebhooks().isEmpty()) {
			return null;
		}
		List<Schema> payloads = new ArrayList<>();
		api.getWebhooks().values().forEach((item) -> item.readOperations().forEach((operation) -> {
			io.swagger.v3.oas.models.media.MediaType json = (operation.getRequestBody() != null
					&& operation.getRequestBody().getContent() != null)
							? operation.getRequestBody().getContent().get("application/json") : null;
			if (json != null && json.getSchema() != null && json.getSchema().get$ref() != null) {
				payloads.add(new Schema<>().$ref(json.getSchema().get$ref()));
			}
		}));
		Schema union = new Schema<>();
		union.setOneOf(payloads);
		union.setDiscriminator(new io.swagger.v3.oas.models.media.Discriminator().propertyName("type"));
		union.setDescription("An event OpenAI sends to a webhook endpoint, as `client.webhooks().unwrap(…)` reads it.");
		return union;
	}

	static Spec read(Path description) {
		// The description sits near SnakeYAML's default limit of 3 MiB of code points.
		DeserializationUtils.getOptions().setMaxYamlCodePoints(64 * 1024 * 1024);
		ParseOptions options = new ParseOptions();
		options.setResolve(false);
		SwaggerParseResult result = new OpenAPIV3Parser().readLocation(description.toUri().toString(), null, options);
		if (result.getOpenAPI() == null) {
			throw new IllegalStateException("Could not read " + description + ": " + result.getMessages());
		}
		return new Spec(result.getOpenAPI());
	}

	Schema<?> schema(String name) {
		Schema<?> schema = this.schemas.get(name);
		if (schema == null) {
			throw new IllegalStateException("No schema named " + name);
		}
		return schema;
	}

	static String refName(String ref) {
		if (!ref.startsWith(SCHEMA_REF)) {
			throw new IllegalStateException("Unsupported $ref " + ref);
		}
		return ref.substring(SCHEMA_REF.length());
	}

	/**
	 * The named schema a union variant stands for: its {@code $ref}, or the one {@code $ref} of an
	 * {@code allOf} whose other parts only add optional properties (the Responses WebSocket events
	 * are the stream events plus an optional {@code stream_id}, which the record keeps among its
	 * additional properties); {@code null} for any other variant.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static String variantName(Schema<?> variant) {
		if (variant.get$ref() != null) {
			return refName(variant.get$ref());
		}
		if (variant.getProperties() != null || unionOf(variant) != null) {
			return null;
		}
		String name = null;
		for (Schema part : allOfParts(variant)) {
			if (part.get$ref() != null) {
				if (name != null) {
					return null;
				}
				name = refName(part.get$ref());
			}
			else if (part.getAllOf() != null || unionOf(part) != null
					|| (part.getRequired() != null && !part.getRequired().isEmpty())) {
				return null;
			}
		}
		return name;
	}

	/** The schema a {@code $ref} chain ends at. */
	Schema<?> deref(Schema<?> schema) {
		Schema<?> current = schema;
		for (int i = 0; i < 32 && current.get$ref() != null; i++) {
			current = schema(refName(current.get$ref()));
		}
		return current;
	}

	/** The variants of an {@code anyOf} or {@code oneOf}, or {@code null}. */
	static @SuppressWarnings("rawtypes") List<Schema> unionOf(Schema<?> schema) {
		if (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()) {
			return schema.getAnyOf();
		}
		if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
			return schema.getOneOf();
		}
		return null;
	}

	static boolean isNullType(Schema<?> schema) {
		Set<String> types = schema.getTypes();
		return schema.get$ref() == null && types != null && types.size() == 1 && types.contains("null");
	}

	static Set<String> types(Schema<?> schema) {
		Set<String> types = new LinkedHashSet<>();
		if (schema.getTypes() != null) {
			types.addAll(schema.getTypes());
		}
		else if (schema.getType() != null) {
			types.add(schema.getType());
		}
		types.remove("null");
		return types;
	}

	static boolean nullable(Schema<?> schema) {
		return (schema.getTypes() != null && schema.getTypes().contains("null"))
				|| Boolean.TRUE.equals(schema.getNullable())
				|| (schema.getExtensions() != null && Boolean.TRUE.equals(schema.getExtensions().get("nullable")))
				|| (schema.getEnum() != null && schema.getEnum().contains(null));
	}

	static boolean isRecursiveRef(Schema<?> schema) {
		return schema.getExtensions() != null && schema.getExtensions().containsKey("$recursiveRef");
	}

	/** The one value of a constant: {@code const}, or a one-value {@code enum}. */
	static String constant(Schema<?> schema) {
		if (schema.getConst() != null) {
			return String.valueOf(schema.getConst());
		}
		List<?> values = schema.getEnum();
		if (values != null) {
			List<?> nonNull = values.stream().filter(Objects::nonNull).toList();
			if (nonNull.size() == 1) {
				return String.valueOf(nonNull.get(0));
			}
		}
		return null;
	}

	/** An object schema's properties and required names, with {@code allOf} parts merged in. */
	Merged merge(Schema<?> schema) {
		Merged merged = new Merged();
		merge(schema, merged, 0);
		return merged;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void merge(Schema<?> schema, Merged merged, int depth) {
		if (depth > 16) {
			return;
		}
		if (schema.get$ref() != null) {
			merge(schema(refName(schema.get$ref())), merged, depth + 1);
			return;
		}
		if (schema.getAllOf() != null) {
			for (Schema part : schema.getAllOf()) {
				merge(part, merged, depth + 1);
			}
		}
		if (schema.getProperties() != null) {
			schema.getProperties().forEach((name, property) -> merged.properties.put(name, property));
		}
		if (schema.getRequired() != null) {
			merged.required.addAll(schema.getRequired());
		}
	}

	/**
	 * Whether a schema is an object with properties of its own or merged from several
	 * {@code allOf} parts. {@code allOf: [{$ref: X}, {nullable: true}]} is not: it stands for X.
	 */
	/** Whether a schema is a file's bytes: a string of format {@code binary}. */
	static boolean isBinary(Schema<?> schema) {
		return "binary".equals(schema.getFormat()) && types(schema).equals(Set.of("string"));
	}

	/**
	 * Whether a schema holds a file's bytes: is one, or lists them, or has them as a variant.
	 */
	@SuppressWarnings("rawtypes")
	boolean holdsBinary(Schema<?> schema) {
		Schema<?> target = deref(schema);
		if (isBinary(target)) {
			return true;
		}
		List<Schema> union = unionOf(target);
		if (union != null && union.stream().anyMatch(this::holdsBinary)) {
			return true;
		}
		return target.getItems() != null && holdsBinary(target.getItems());
	}

	static boolean isObject(Schema<?> schema) {
		if (schema.getProperties() != null && !schema.getProperties().isEmpty()) {
			return true;
		}
		List<Schema<?>> parts = allOfParts(schema);
		return parts.size() > 1 || (parts.size() == 1 && parts.get(0).get$ref() == null && isObject(parts.get(0)));
	}

	/** The {@code allOf} parts that say something of the value, without the ones that only annotate it. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static List<Schema<?>> allOfParts(Schema<?> schema) {
		List<Schema<?>> parts = new ArrayList<>();
		if (schema.getAllOf() != null) {
			for (Schema part : schema.getAllOf()) {
				boolean annotationOnly = part.get$ref() == null && part.getProperties() == null && part.getAllOf() == null
						&& part.getAnyOf() == null && part.getOneOf() == null && part.getEnum() == null
						&& part.getItems() == null && types(part).isEmpty() && part.getConst() == null;
				if (!annotationOnly) {
					parts.add(part);
				}
			}
		}
		return parts;
	}

	/** Whether an {@code allOf} part that only annotates says the value may be {@code null}. */
	@SuppressWarnings("rawtypes")
	static boolean allOfNullable(Schema<?> schema) {
		if (schema.getAllOf() == null) {
			return false;
		}
		for (Schema part : schema.getAllOf()) {
			if (nullable(part) || isNullType(part)) {
				return true;
			}
		}
		return false;
	}

	/** Every schema name a schema refers to, directly or through its parts. */
	void collectRefs(Schema<?> schema, Set<String> into) {
		collect(schema, into, new LinkedHashSet<>());
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void collect(Schema<?> schema, Set<String> into, Set<Schema<?>> seen) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = refName(schema.get$ref());
			if (into.add(name)) {
				collect(schema(name), into, seen);
			}
			return;
		}
		for (Schema<?> part : parts(schema)) {
			collect(part, into, seen);
		}
	}

	/**
	 * The schemas a schema is made of: its {@code allOf}, {@code anyOf} and {@code oneOf} parts,
	 * property schemas, items and additional properties, without following {@code $ref}s.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static List<Schema<?>> parts(Schema<?> schema) {
		List<Schema<?>> parts = new ArrayList<>();
		for (List<Schema> some : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
			if (some != null) {
				some.forEach(parts::add);
			}
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach(parts::add);
		}
		if (schema.getItems() != null) {
			parts.add(schema.getItems());
		}
		if (schema.getAdditionalProperties() instanceof Schema additional) {
			parts.add(additional);
		}
		return parts;
	}

	/** An object's properties, in order, and which are required. */
	static final class Merged {

		final Map<String, Schema<?>> properties = new LinkedHashMap<>();

		final Set<String> required = new LinkedHashSet<>();

	}

}
