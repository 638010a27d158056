package io.asyncopenai.models.embeddings;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

import io.asyncopenai.core.OpenAIJson;

/**
 * One vector of an embeddings response.
 *
 * @param object always {@code embedding}
 * @param index the position of its input
 * @param embedding the vector, decoded from float JSON or from base64
 * @param additionalProperties fields this type does not model
 */
public record Embedding(@Nullable String object, int index,
		@JsonDeserialize(using = EmbeddingVectorDeserializer.class) float[] embedding,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public Embedding {
		embedding = (embedding != null) ? embedding : new float[0];
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Embedding that && this.index == that.index && Arrays.equals(this.embedding, that.embedding)
				&& Objects.equals(this.object, that.object)
				&& this.additionalProperties.equals(that.additionalProperties);
	}

	@Override
	public int hashCode() {
		return 31 * this.index + Arrays.hashCode(this.embedding);
	}

	@Override
	public String toString() {
		return "Embedding[index=" + this.index + ", dimensions=" + this.embedding.length + "]";
	}

}
