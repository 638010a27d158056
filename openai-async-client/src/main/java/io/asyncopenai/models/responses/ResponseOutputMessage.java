package io.asyncopenai.models.responses;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * A message the model wrote.
 *
 * @param id the item id
 * @param type always {@code message}
 * @param status {@code in_progress}, {@code completed} or {@code incomplete}
 * @param role always {@code assistant}
 * @param content its parts
 * @param additionalProperties fields this type does not model
 */
public record ResponseOutputMessage(@Nullable String id, String type, @Nullable String status, @Nullable String role,
		List<ResponseOutputContent> content, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties)
		implements ResponseOutputItem {

	public ResponseOutputMessage {
		content = (content != null) ? List.copyOf(content) : List.of();
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

}
