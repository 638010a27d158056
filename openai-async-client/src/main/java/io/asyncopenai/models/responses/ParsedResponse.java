package io.asyncopenai.models.responses;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.models.OutputMessageContent;
import io.asyncopenai.structured.StructuredOutputs;

/**
 * A response whose answer was asked for as JSON of a Java type, read into it: the value, or the
 * model's refusal, with the response as it came.
 *
 * @param response the response
 * @param parsed the answer, or {@code null} if the model refused
 * @param refusal why the model refused, or {@code null} if it answered
 * @param <T> the type of the answer
 */
public record ParsedResponse<T>(Response response, @Nullable T parsed, @Nullable String refusal) {

	/**
	 * Whether the model refused to answer; {@link #refusal()} says why.
	 * @return whether it refused
	 */
	public boolean isRefusal() {
		return this.refusal != null;
	}

	/**
	 * Reads the answer of a response.
	 * @param response the response
	 * @param type the type asked for
	 * @param mapper the client's mapper
	 * @param <T> the type
	 * @return the parsed response
	 * @throws io.asyncopenai.errors.StructuredOutputException if the response is incomplete or
	 * its text is not JSON of the type
	 */
	public static <T> ParsedResponse<T> of(Response response, Class<T> type, JsonMapper mapper) {
		String text = response.outputText();
		String refusal = refusal(response);
		if (refusal != null && text.isEmpty()) {
			return new ParsedResponse<>(response, null, refusal);
		}
		if ("incomplete".equals(response.status())) {
			String reason = (response.incompleteDetails() != null && response.incompleteDetails().reason() != null)
					? response.incompleteDetails().reason() : "incomplete";
			throw StructuredOutputs.cutOff(type, reason, text);
		}
		return new ParsedResponse<>(response, StructuredOutputs.read(mapper, text, type), null);
	}

	private static @Nullable String refusal(Response response) {
		if (response.output() == null) {
			return null;
		}
		StringBuilder refusal = null;
		for (ResponseOutputItem item : response.output()) {
			if (item instanceof ResponseOutputMessage message && message.content() != null) {
				for (OutputMessageContent part : message.content()) {
					if (part instanceof OutputMessageContent.Refusal refused) {
						refusal = (refusal != null) ? refusal : new StringBuilder();
						refusal.append(refused.value().refusal());
					}
				}
			}
		}
		return (refusal != null) ? refusal.toString() : null;
	}

}
