package io.asyncopenai.models.chat.completions;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * Tokens a chat completion counted.
 *
 * @param promptTokens tokens of the prompt
 * @param completionTokens tokens generated
 * @param totalTokens both
 * @param promptTokensDetails the prompt tokens by kind
 * @param completionTokensDetails the generated tokens by kind
 * @param additionalProperties fields this type does not model
 */
public record CompletionUsage(long promptTokens, long completionTokens, long totalTokens,
		@Nullable PromptTokensDetails promptTokensDetails, @Nullable CompletionTokensDetails completionTokensDetails,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public CompletionUsage {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * Prompt tokens by kind.
	 *
	 * @param cachedTokens tokens read from the prompt cache
	 * @param audioTokens audio input tokens
	 */
	public record PromptTokensDetails(@Nullable Long cachedTokens, @Nullable Long audioTokens) {

	}

	/**
	 * Generated tokens by kind.
	 *
	 * @param reasoningTokens tokens spent on reasoning
	 * @param audioTokens audio output tokens
	 * @param acceptedPredictionTokens predicted tokens that appeared in the output
	 * @param rejectedPredictionTokens predicted tokens that did not
	 */
	public record CompletionTokensDetails(@Nullable Long reasoningTokens, @Nullable Long audioTokens,
			@Nullable Long acceptedPredictionTokens, @Nullable Long rejectedPredictionTokens) {

	}

}
