package io.asyncopenai.models.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * Tokens a response counted.
 *
 * @param inputTokens tokens of the input
 * @param inputTokensDetails input tokens by kind
 * @param outputTokens tokens generated
 * @param outputTokensDetails generated tokens by kind
 * @param totalTokens all tokens
 * @param additionalProperties fields this type does not model
 */
public record ResponseUsage(long inputTokens, @Nullable InputTokensDetails inputTokensDetails, long outputTokens,
		@Nullable OutputTokensDetails outputTokensDetails, long totalTokens,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public ResponseUsage {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * Input tokens by kind.
	 *
	 * @param cachedTokens tokens read from the prompt cache
	 * @param cacheWriteTokens tokens written to the prompt cache
	 * @param additionalProperties fields this type does not model
	 */
	public record InputTokensDetails(@Nullable Long cachedTokens, @Nullable Long cacheWriteTokens,
			@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

		public InputTokensDetails {
			additionalProperties = OpenAIJson.fields(additionalProperties);
		}

	}

	/**
	 * Generated tokens by kind.
	 *
	 * @param reasoningTokens tokens spent on reasoning
	 * @param additionalProperties fields this type does not model
	 */
	public record OutputTokensDetails(@Nullable Long reasoningTokens,
			@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

		public OutputTokensDetails {
			additionalProperties = OpenAIJson.fields(additionalProperties);
		}

	}

}
