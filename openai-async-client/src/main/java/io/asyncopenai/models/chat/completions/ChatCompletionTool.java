package io.asyncopenai.models.chat.completions;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A tool the model may call.
 *
 * @param type {@code function}
 * @param function the function
 */
public record ChatCompletionTool(String type, FunctionDefinition function) {

	/**
	 * A function tool.
	 * @param name the function name
	 * @param description what it does, for the model
	 * @param parameters its parameters as a JSON schema
	 * @return the tool
	 */
	public static ChatCompletionTool function(String name, @Nullable String description,
			Map<String, ?> parameters) {
		return new ChatCompletionTool("function", new FunctionDefinition(name, description, parameters, null));
	}

	/**
	 * A function the model may call.
	 *
	 * @param name the function name
	 * @param description what it does, for the model
	 * @param parameters its parameters as a JSON schema
	 * @param strict whether the model must follow the schema exactly
	 */
	public record FunctionDefinition(String name, @Nullable String description, @Nullable Map<String, ?> parameters,
			@Nullable Boolean strict) {

		public FunctionDefinition {
			Objects.requireNonNull(name, "name");
		}

	}

}
