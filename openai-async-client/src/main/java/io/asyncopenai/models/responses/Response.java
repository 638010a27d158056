package io.asyncopenai.models.responses;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * A model response, from {@code POST /responses} and the calls that retrieve or cancel one.
 *
 * @param id the response id
 * @param object always {@code response}
 * @param createdAt when it was created, in Unix seconds
 * @param status {@code completed}, {@code failed}, {@code in_progress}, {@code cancelled},
 * {@code queued}, {@code incomplete}, or a value added later
 * @param background whether it runs in the background
 * @param completedAt when it completed, in Unix seconds
 * @param error why it failed
 * @param incompleteDetails why it is incomplete
 * @param instructions the instructions it was given, as JSON
 * @param maxOutputTokens the token limit it was given
 * @param model the model that answered
 * @param output what the model produced
 * @param parallelToolCalls whether tools could be called in parallel
 * @param previousResponseId the response it continues
 * @param store whether it is stored
 * @param temperature its sampling temperature
 * @param topP its nucleus sampling mass
 * @param usage the tokens counted
 * @param user an identifier of the end user
 * @param metadata key-value pairs stored with it
 * @param additionalProperties fields this type does not model
 */
public record Response(String id, @Nullable String object, long createdAt, @Nullable String status,
		@Nullable Boolean background, @Nullable Long completedAt, @Nullable ResponseError error,
		@Nullable IncompleteDetails incompleteDetails, @Nullable JsonNode instructions,
		@Nullable Integer maxOutputTokens, @Nullable String model, List<ResponseOutputItem> output,
		@Nullable Boolean parallelToolCalls, @Nullable String previousResponseId, @Nullable Boolean store,
		@Nullable Double temperature, @Nullable Double topP, @Nullable ResponseUsage usage, @Nullable String user,
		Map<String, String> metadata, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

	public Response {
		output = (output != null) ? List.copyOf(output) : List.of();
		metadata = OpenAIJson.fields(metadata);
		additionalProperties = OpenAIJson.fields(additionalProperties);
	}

	/**
	 * The text of every {@code output_text} part of every output message, joined in order, as
	 * the Python SDK's {@code output_text}.
	 * @return the text, empty if there is none
	 */
	public String outputText() {
		StringBuilder text = new StringBuilder();
		for (ResponseOutputItem item : this.output) {
			if (item instanceof ResponseOutputMessage message) {
				for (ResponseOutputContent part : message.content()) {
					if (part instanceof ResponseOutputContent.OutputText outputText) {
						text.append(outputText.text());
					}
				}
			}
		}
		return text.toString();
	}

	/**
	 * Why a response failed.
	 *
	 * @param code the error code, for example {@code server_error}
	 * @param message what went wrong
	 */
	public record ResponseError(@Nullable String code, @Nullable String message) {

	}

	/**
	 * Why a response is incomplete.
	 *
	 * @param reason for example {@code max_output_tokens}
	 */
	public record IncompleteDetails(@Nullable String reason) {

	}

}
