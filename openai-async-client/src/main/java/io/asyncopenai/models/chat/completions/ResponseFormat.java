package io.asyncopenai.models.chat.completions;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The format the model must answer in.
 *
 * @param type {@code text}, {@code json_object} or {@code json_schema}
 * @param jsonSchema the schema, for {@code json_schema}
 */
public record ResponseFormat(String type, @Nullable JsonSchema jsonSchema) {

	public static ResponseFormat text() {
		return new ResponseFormat("text", null);
	}

	public static ResponseFormat jsonObject() {
		return new ResponseFormat("json_object", null);
	}

	/**
	 * Structured output that follows a JSON schema.
	 * @param name the schema's name
	 * @param schema the JSON schema
	 * @param strict whether the model must follow it exactly
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, Map<String, ?> schema, boolean strict) {
		return new ResponseFormat("json_schema", new JsonSchema(name, null, schema, strict));
	}

	/**
	 * A named JSON schema.
	 *
	 * @param name the name
	 * @param description what it is for
	 * @param schema the schema
	 * @param strict whether the model must follow it exactly
	 */
	public record JsonSchema(String name, @Nullable String description, @Nullable Map<String, ?> schema,
			@Nullable Boolean strict) {

	}

}
