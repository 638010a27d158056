package io.asyncopenai.models.models;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * The answer to deleting a fine-tuned model.
 *
 * @param id the model id
 * @param object always {@code model}
 * @param deleted whether it was deleted
 * @param additionalProperties fields this type does not model
 */
public record ModelDeleted(String id, @Nullable String object, boolean deleted,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public ModelDeleted {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
