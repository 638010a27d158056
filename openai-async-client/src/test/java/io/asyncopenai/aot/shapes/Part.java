package io.asyncopenai.aot.shapes;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A record that keeps the fields it does not model, as every generated model does.
 *
 * @param type the part's type
 * @param text its text
 * @param additionalProperties fields this type does not model
 */
public record Part(String type, @Nullable String text,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public Part {
		additionalProperties = (additionalProperties != null) ? Map.copyOf(additionalProperties) : Map.of();
	}

}
