package io.asyncopenai.structured;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strict JSON Schema made from a Java type, with the name and description a response format or
 * a function tool takes along with it. Its JSON is copied on the way out: it is shared between
 * all callers of {@link JsonSchemas}.
 */
public final class StrictJsonSchema {

	private final String name;

	private final @Nullable String description;

	private final ObjectNode schema;

	StrictJsonSchema(String name, @Nullable String description, ObjectNode schema) {
		this.name = name;
		this.description = description;
		this.schema = schema;
	}

	/** The type's name as OpenAI accepts it ({@code ^[a-zA-Z0-9_-]{1,64}$}), e.g. {@code WeatherQuery}. */
	public String name() {
		return this.name;
	}

	/** The type's {@code @JsonClassDescription}, or null. */
	public @Nullable String description() {
		return this.description;
	}

	/** The schema, as a copy the caller may change. */
	public ObjectNode schema() {
		return this.schema.deepCopy();
	}

	/** The schema as the map the API's params take it as (a function's parameters, a format's schema), copied. */
	public Map<String, JsonNode> asMap() {
		Map<String, JsonNode> map = new LinkedHashMap<>();
		this.schema.deepCopy().properties().forEach((entry) -> map.put(entry.getKey(), entry.getValue()));
		return Collections.unmodifiableMap(map);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof StrictJsonSchema that) && this.name.equals(that.name)
				&& Objects.equals(this.description, that.description) && this.schema.equals(that.schema);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.description, this.schema);
	}

	@Override
	public String toString() {
		return this.name + " " + this.schema;
	}

}
