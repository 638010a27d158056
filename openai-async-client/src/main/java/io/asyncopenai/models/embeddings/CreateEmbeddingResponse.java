package io.asyncopenai.models.embeddings;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * The body of an embeddings response.
 *
 * @param object always {@code list}
 * @param data one vector per input, in input order
 * @param model the model that embedded them
 * @param usage the tokens the inputs counted
 * @param additionalProperties fields this type does not model
 */
public record CreateEmbeddingResponse(@Nullable String object, List<Embedding> data, @Nullable String model,
		@Nullable Usage usage, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public CreateEmbeddingResponse {
		data = (data != null) ? List.copyOf(data) : List.of();
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * Tokens an embeddings request counted.
	 *
	 * @param promptTokens the tokens of the inputs
	 * @param totalTokens all tokens billed
	 */
	public record Usage(long promptTokens, long totalTokens) {

	}

}
