package io.asyncopenai.structured;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.structured.Shape.Key;
import io.asyncopenai.structured.Shape.ObjectShape;

/**
 * Strict JSON Schemas made from Java types, in the subset of JSON Schema that OpenAI's strict
 * mode accepts (Structured Outputs, strict function tools).
 *
 * <p>
 * The root is a record or a bean class. Its properties are the ones the client's mapper
 * ({@link OpenAIJson#mapper()}) reads, under the names it reads them with; every one is
 * required, an {@link java.util.Optional} or {@code @Nullable} one may be null, and no other is
 * allowed. Strings, numbers, booleans, enums, {@code UUID} and {@code java.time} values,
 * collections and arrays, nested records and Jackson subtypes are supported; a type without a
 * fixed set of named properties ({@code Map}, {@code Object}, {@code JsonNode}) fails with an
 * {@link IllegalArgumentException} naming the property.
 */
public final class JsonSchemas {

	private static final JsonMapper MAPPER = OpenAIJson.mapper();

	// Schemas are asked for on every call that uses one: each type is read once.
	private static final Map<JavaType, StrictJsonSchema> CACHE = new ConcurrentHashMap<>();

	private static final int MAX_NAME_LENGTH = 64;

	private JsonSchemas() {
	}

	/**
	 * The strict schema of a class.
	 * @param type a record or bean class
	 * @return its schema
	 * @throws IllegalArgumentException if the type has no strict schema
	 */
	public static StrictJsonSchema strict(Class<?> type) {
		return strict((Type) type);
	}

	/**
	 * The strict schema of a type, generic ones included ({@code Page<City>} as a
	 * {@link java.lang.reflect.ParameterizedType}).
	 * @param type a record or bean type, with its type arguments
	 * @return its schema
	 * @throws IllegalArgumentException if the type has no strict schema
	 */
	public static StrictJsonSchema strict(Type type) {
		return of(MAPPER.getTypeFactory().constructType(type));
	}

	/**
	 * The strict schema of a type written as a type reference, e.g.
	 * {@code new TypeReference<Page<City>>() {}}.
	 * @param type the type reference
	 * @return its schema
	 * @throws IllegalArgumentException if the type has no strict schema
	 */
	public static StrictJsonSchema strict(TypeReference<?> type) {
		return of(MAPPER.getTypeFactory().constructType(type));
	}

	private static StrictJsonSchema of(JavaType type) {
		StrictJsonSchema schema = CACHE.get(type);
		if (schema == null) {
			// Read outside computeIfAbsent: a failure is thrown to the caller and not kept.
			schema = read(type);
			StrictJsonSchema raced = CACHE.putIfAbsent(type, schema);
			schema = (raced != null) ? raced : schema;
		}
		return schema;
	}

	private static StrictJsonSchema read(JavaType type) {
		ShapeReader shapes = new ShapeReader(MAPPER);
		Key root = shapes.readRoot(type);
		ObjectNode schema = new SchemaWriter(shapes, root).write();
		String description = ((ObjectShape) shapes.definition(root)).description();
		return new StrictJsonSchema(sanitize(ShapeReader.nameOf(type)), description, schema);
	}

	/** A name OpenAI accepts for a schema or a function: {@code ^[a-zA-Z0-9_-]{1,64}$}. */
	static String sanitize(String name) {
		String sanitized = name.replaceAll("[^a-zA-Z0-9_-]", "_");
		if (sanitized.isEmpty()) {
			return "schema";
		}
		return (sanitized.length() > MAX_NAME_LENGTH) ? sanitized.substring(0, MAX_NAME_LENGTH) : sanitized;
	}

}
