package io.asyncopenai.models.chat.completions;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code reasoning_content} that OpenAI-compatible servers (DeepSeek, vLLM, Ollama) add to
 * a message and to a streamed delta: not part of OpenAI's API, so kept among the additional
 * properties and read from there. Implemented by the generated {@link ChatCompletionMessage}
 * and {@link ChatCompletionStreamResponseDelta}.
 */
public interface ReasoningContent {

	/**
	 * The JSON members the API description does not name.
	 * @return them, by name
	 */
	Map<String, JsonNode> additionalProperties();

	/**
	 * The reasoning the server sent beside the answer.
	 * @return its text, or {@code null} if it sent none
	 */
	default @Nullable String reasoningContent() {
		JsonNode reasoning = additionalProperties().get("reasoning_content");
		return (reasoning != null && reasoning.isString()) ? reasoning.asString() : null;
	}

}
