package io.asyncopenai.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What generated models, params and services share: immutable copies that keep an absent
 * field absent, and the checks of required fields and path values.
 */
public final class ModelSupport {

	private ModelSupport() {
	}

	/**
	 * An unmodifiable copy of a list that may hold {@code null}s; {@code null} stays
	 * {@code null}, so that an absent field is not written back as an empty one.
	 * @param list the list, or {@code null}
	 * @param <T> the element type
	 * @return the copy, or {@code null}
	 */
	public static <T> @Nullable List<T> list(@Nullable List<T> list) {
		return (list != null) ? Collections.unmodifiableList(new ArrayList<>(list)) : null;
	}

	/**
	 * An unmodifiable copy of a map that keeps its order; {@code null} stays {@code null}.
	 * @param map the map, or {@code null}
	 * @param <V> the value type
	 * @return the copy, or {@code null}
	 */
	public static <V> @Nullable Map<String, V> map(@Nullable Map<String, V> map) {
		return (map != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : null;
	}

	/**
	 * An unmodifiable copy of a map of extra fields, empty for {@code null}.
	 * @param fields the fields, or {@code null}
	 * @param <V> the value type
	 * @return an unmodifiable map that keeps the order
	 */
	public static <V> Map<String, V> fields(@Nullable Map<String, V> fields) {
		return (fields == null || fields.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/**
	 * A required field's value, or a failure that names the field.
	 * @param value the value
	 * @param type the simple name of the type being built
	 * @param field the field's JSON name
	 * @param <T> the value type
	 * @return the value
	 * @throws IllegalStateException if the value is {@code null}
	 */
	public static <T> T require(@Nullable T value, String type, String field) {
		if (value == null) {
			throw new IllegalStateException(type + ": the required field '" + field + "' is not set");
		}
		return value;
	}

	/**
	 * A path parameter's value, or a failure that names it.
	 * @param value the value
	 * @param type the simple name of the params type
	 * @param parameter the parameter's name in the path
	 * @return the value
	 * @throws IllegalArgumentException if the value is {@code null} or empty
	 */
	public static String pathValue(@Nullable Object value, String type, String parameter) {
		if (value == null || value.toString().isEmpty()) {
			throw new IllegalArgumentException(type + ": the path parameter '" + parameter + "' is not set");
		}
		return value.toString();
	}

	/**
	 * A string field of JSON that fits no known type, for the accessors its union shares.
	 * @param json the JSON
	 * @param name the field's name
	 * @return the value, or {@code null} if the field is absent or not a string
	 */
	public static @Nullable String stringField(JsonNode json, String name) {
		JsonNode value = json.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/**
	 * An integer field of JSON that fits no known type.
	 * @param json the JSON
	 * @param name the field's name
	 * @return the value, or {@code null} if the field is absent or not an integer that fits a {@code long}
	 */
	public static @Nullable Long longField(JsonNode json, String name) {
		JsonNode value = json.get(name);
		return (value != null && value.isIntegralNumber() && value.canConvertToLong()) ? value.longValue() : null;
	}

	/**
	 * A number field of JSON that fits no known type.
	 * @param json the JSON
	 * @param name the field's name
	 * @return the value, or {@code null} if the field is absent or not a number
	 */
	public static @Nullable Double doubleField(JsonNode json, String name) {
		JsonNode value = json.get(name);
		return (value != null && value.isNumber()) ? value.doubleValue() : null;
	}

	/**
	 * A boolean field of JSON that fits no known type.
	 * @param json the JSON
	 * @param name the field's name
	 * @return the value, or {@code null} if the field is absent or not a boolean
	 */
	public static @Nullable Boolean booleanField(JsonNode json, String name) {
		JsonNode value = json.get(name);
		return (value != null && value.isBoolean()) ? value.booleanValue() : null;
	}

}
