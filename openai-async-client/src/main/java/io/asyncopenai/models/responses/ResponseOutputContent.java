package io.asyncopenai.models.responses;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * One part of an output message: text, a refusal, or a part of a type this client does not
 * model yet, which keeps its JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
		visible = true, defaultImpl = ResponseOutputContent.Unknown.class)
@JsonSubTypes({ @JsonSubTypes.Type(value = ResponseOutputContent.OutputText.class, name = "output_text"),
		@JsonSubTypes.Type(value = ResponseOutputContent.Refusal.class, name = "refusal") })
public sealed interface ResponseOutputContent permits ResponseOutputContent.OutputText,
		ResponseOutputContent.Refusal, ResponseOutputContent.Unknown {

	/** The part's type, for example {@code output_text}. */
	String type();

	/**
	 * Text the model wrote.
	 *
	 * @param type always {@code output_text}
	 * @param text the text
	 * @param annotations citations and other annotations, as JSON
	 * @param additionalProperties fields this type does not model
	 */
	record OutputText(String type, String text, List<JsonNode> annotations,
			@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseOutputContent {

		public OutputText {
			text = (text != null) ? text : "";
			annotations = (annotations != null) ? List.copyOf(annotations) : List.of();
			additionalProperties = OpenAIJson.fields(additionalProperties);
		}

	}

	/**
	 * A refusal of the model.
	 *
	 * @param type always {@code refusal}
	 * @param refusal the explanation
	 * @param additionalProperties fields this type does not model
	 */
	record Refusal(String type, @Nullable String refusal,
			@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) implements ResponseOutputContent {

		public Refusal {
			additionalProperties = OpenAIJson.fields(additionalProperties);
		}

	}

	/**
	 * A part of a type this client does not model.
	 *
	 * @param type the part's type
	 * @param additionalProperties its other fields
	 */
	record Unknown(String type, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties)
			implements ResponseOutputContent {

		public Unknown {
			additionalProperties = OpenAIJson.fields(additionalProperties);
		}

	}

}
