package io.asyncopenai.models.batches;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.ModelSupport;
import io.asyncopenai.core.OpenAIJson;

/**
 * One line of a batch's output or error file: the answer to one request of its input. The API
 * describes these lines in prose only, so this type is hand-written. Read a file of them with
 * {@code client.files().content(id).flatMapMany((content) -> content.lines(BatchRequestOutput.class))}.
 *
 * @param id the id of the batch request
 * @param customId the caller's id of the request, from its input line
 * @param response the answer, for a request that reached its endpoint (whose status may be an
 * error), or {@code null}
 * @param error why the request did not run, or {@code null}
 * @param additionalProperties fields this type does not model
 */
public record BatchRequestOutput(@JsonProperty("id") String id, @JsonProperty("custom_id") String customId,
		@JsonProperty("response") @Nullable Response response, @JsonProperty("error") @Nullable Error error,
		@JsonAnySetter Map<String, JsonNode> additionalProperties) {

	public BatchRequestOutput {
		additionalProperties = ModelSupport.fields(additionalProperties);
	}

	/** Whether the request ran and its endpoint answered with a 2xx status. */
	public boolean succeeded() {
		return this.error == null && this.response != null && this.response.statusCode() / 100 == 2;
	}

	/**
	 * The answer of the endpoint to one request.
	 *
	 * @param statusCode the HTTP status of the answer
	 * @param requestId the id of the request, as {@code x-request-id} gives it
	 * @param body the JSON the endpoint answered
	 */
	public record Response(@JsonProperty("status_code") int statusCode, @JsonProperty("request_id") @Nullable String requestId,
			@JsonProperty("body") @Nullable JsonNode body) {

		/**
		 * The body as the endpoint's type, such as {@code ChatCompletion}.
		 * @param type the type
		 * @param <T> the type
		 * @return the body, or {@code null} if there is none
		 */
		public <T> @Nullable T body(Class<T> type) {
			return (this.body != null) ? OpenAIJson.mapper().treeToValue(this.body, type) : null;
		}

	}

	/**
	 * Why a request of the batch did not run.
	 *
	 * @param code the error code
	 * @param message what went wrong
	 */
	public record Error(@JsonProperty("code") @Nullable String code, @JsonProperty("message") @Nullable String message) {

	}

}
