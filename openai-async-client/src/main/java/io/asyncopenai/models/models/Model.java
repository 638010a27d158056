package io.asyncopenai.models.models;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * A model the API offers.
 *
 * @param id the model id, for example {@code gpt-4o}
 * @param object always {@code model}
 * @param created when it was created, in Unix seconds
 * @param ownedBy the organization that owns it
 * @param additionalProperties fields this type does not model
 */
public record Model(String id, @Nullable String object, @Nullable Long created, @Nullable String ownedBy,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public Model {
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
