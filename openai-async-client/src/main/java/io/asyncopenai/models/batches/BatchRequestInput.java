package io.asyncopenai.models.batches;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.core.UploadFile;

/**
 * One line of a batch's input file: a request the batch runs. The API describes these lines
 * in prose only, so this type is hand-written.
 *
 * @param customId the caller's id of the request, unique in the file, which its output line
 * repeats
 * @param method the HTTP method, {@code POST}
 * @param url the endpoint, the batch's own, such as {@code /v1/chat/completions}
 * @param body the request's params, such as a {@code ChatCompletionCreateParams}
 */
public record BatchRequestInput(@JsonProperty("custom_id") String customId, @JsonProperty("method") String method,
		@JsonProperty("url") String url, @JsonProperty("body") Object body) {

	public BatchRequestInput {
		Objects.requireNonNull(customId, "customId");
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(body, "body");
	}

	/**
	 * A {@code POST} to an endpoint.
	 * @param customId the caller's id of the request
	 * @param url the endpoint, such as {@code /v1/chat/completions}
	 * @param body the request's params
	 * @return the line
	 */
	public static BatchRequestInput post(String customId, String url, Object body) {
		return new BatchRequestInput(customId, "POST", url, body);
	}

	/**
	 * An input file of these requests, one JSON line each, ready for
	 * {@code client.files().create(…)} with purpose {@code batch}.
	 * @param filename the name the API sees, such as {@code batch.jsonl}
	 * @param requests the requests
	 * @return the file, in memory
	 */
	public static UploadFile jsonl(String filename, Iterable<BatchRequestInput> requests) {
		ByteArrayOutputStream lines = new ByteArrayOutputStream();
		for (BatchRequestInput request : requests) {
			lines.writeBytes(OpenAIJson.mapper().writeValueAsBytes(request));
			lines.write('\n');
		}
		return UploadFile.of(lines.toByteArray(), filename, "application/jsonl");
	}

}
