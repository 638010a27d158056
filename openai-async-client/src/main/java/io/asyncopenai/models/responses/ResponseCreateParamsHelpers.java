package io.asyncopenai.models.responses;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.models.ResponseTextParam;
import io.asyncopenai.models.TextResponseFormatJsonSchema;
import io.asyncopenai.structured.JsonSchemas;
import io.asyncopenai.structured.StrictJsonSchema;

/**
 * Shortcuts of {@link ResponseCreateParams.Builder}: structured outputs from a Java type,
 * {@code text(Answer.class)} instead of a JSON schema written by hand.
 */
public interface ResponseCreateParamsHelpers {

	/**
	 * Sets the text options of the answer.
	 * @param text the options
	 * @return the builder
	 */
	ResponseCreateParams.Builder text(@Nullable ResponseTextParam text);

	/**
	 * Asks for an answer in JSON that fits a Java type (Structured Outputs): a strict JSON
	 * schema made from the type (see {@link JsonSchemas}), named after it. Read the answer
	 * with {@code client.responses().parse(params, type)}. Replaces the text options set
	 * before.
	 * @param type a record or bean whose properties are the answer's
	 * @return the builder
	 * @throws IllegalArgumentException if the type has a property strict schemas cannot
	 * describe, naming it
	 */
	default ResponseCreateParams.Builder text(Class<?> type) {
		return text(jsonSchemaText(JsonSchemas.strict(type)));
	}

	/**
	 * The text options that ask for JSON fitting a schema, strictly.
	 * @param schema the schema
	 * @return the text options
	 */
	static ResponseTextParam jsonSchemaText(StrictJsonSchema schema) {
		return ResponseTextParam.builder()
			.format(TextResponseFormatJsonSchema.builder()
				.name(schema.name())
				.description(schema.description())
				.schema(schema.asMap())
				.strict(true)
				.build())
			.build();
	}

}
