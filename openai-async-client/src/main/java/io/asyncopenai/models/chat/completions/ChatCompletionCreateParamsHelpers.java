package io.asyncopenai.models.chat.completions;

import io.asyncopenai.models.ChatCompletionStreamOptions;
import io.asyncopenai.models.ResponseFormatJsonSchema;
import io.asyncopenai.structured.JsonSchemas;
import io.asyncopenai.structured.StrictJsonSchema;

/**
 * Shortcuts of {@link ChatCompletionCreateParams.Builder} for the messages most requests carry
 * and for usage in streams: {@code addUserMessage("Hello")} instead of a
 * {@link ChatCompletionUserMessageParam} built by hand; {@code responseFormat(Answer.class)}
 * for structured outputs.
 */
public interface ChatCompletionCreateParamsHelpers {

	/**
	 * Adds a message to the conversation.
	 * @param message the message
	 * @return the builder
	 */
	ChatCompletionCreateParams.Builder addMessage(ChatCompletionMessageParam message);

	/**
	 * Sets the options of a streamed answer.
	 * @param streamOptions the options
	 * @return the builder
	 */
	ChatCompletionCreateParams.Builder streamOptions(ChatCompletionStreamOptions streamOptions);

	/**
	 * Sets the format of the answer.
	 * @param responseFormat the format
	 * @return the builder
	 */
	ChatCompletionCreateParams.Builder responseFormat(ResponseFormatJsonSchema responseFormat);

	/**
	 * Asks for an answer in JSON that fits a Java type (Structured Outputs): a strict JSON
	 * schema made from the type (see {@link JsonSchemas}), named after it. Read the answer
	 * with {@code client.chat().completions().parse(params, type)}.
	 * @param type a record or bean whose properties are the answer's
	 * @return the builder
	 * @throws IllegalArgumentException if the type has a property strict schemas cannot
	 * describe, naming it
	 */
	default ChatCompletionCreateParams.Builder responseFormat(Class<?> type) {
		return responseFormat(jsonSchemaFormat(JsonSchemas.strict(type)));
	}

	/**
	 * The response format that asks for JSON fitting a schema, strictly.
	 * @param schema the schema
	 * @return the response format
	 */
	static ResponseFormatJsonSchema jsonSchemaFormat(StrictJsonSchema schema) {
		return ResponseFormatJsonSchema.builder()
			.jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
				.name(schema.name())
				.description(schema.description())
				.schema(schema.asMap())
				.strict(true)
				.build())
			.build();
	}

	/**
	 * Adds a developer message: instructions that the model follows whatever the user says.
	 * @param content the text
	 * @return the builder
	 */
	default ChatCompletionCreateParams.Builder addDeveloperMessage(String content) {
		return addMessage(ChatCompletionMessageParam.of(ChatCompletionDeveloperMessageParam.builder().content(content).build()));
	}

	/**
	 * Adds a system message, as older models take instructions.
	 * @param content the text
	 * @return the builder
	 */
	default ChatCompletionCreateParams.Builder addSystemMessage(String content) {
		return addMessage(ChatCompletionMessageParam.of(ChatCompletionSystemMessageParam.builder().content(content).build()));
	}

	/**
	 * Adds a user message.
	 * @param content the text
	 * @return the builder
	 */
	default ChatCompletionCreateParams.Builder addUserMessage(String content) {
		return addMessage(ChatCompletionMessageParam.of(ChatCompletionUserMessageParam.builder().content(content).build()));
	}

	/**
	 * Adds an earlier answer of the model.
	 * @param content the text
	 * @return the builder
	 */
	default ChatCompletionCreateParams.Builder addAssistantMessage(String content) {
		return addMessage(
				ChatCompletionMessageParam.of(ChatCompletionAssistantMessageParam.builder().content(content).build()));
	}

	/**
	 * Adds the output of a tool the model called.
	 * @param toolCallId the id of the model's tool call
	 * @param content the tool's output
	 * @return the builder
	 */
	default ChatCompletionCreateParams.Builder addToolMessage(String toolCallId, String content) {
		return addMessage(ChatCompletionMessageParam
			.of(ChatCompletionToolMessageParam.builder().toolCallId(toolCallId).content(content).build()));
	}

	/**
	 * Asks a streamed answer to end with a chunk that reports the tokens counted.
	 * @param includeUsage whether to report them
	 * @return the builder
	 */
	default ChatCompletionCreateParams.Builder includeUsage(boolean includeUsage) {
		return streamOptions(ChatCompletionStreamOptions.builder().includeUsage(includeUsage).build());
	}

}
