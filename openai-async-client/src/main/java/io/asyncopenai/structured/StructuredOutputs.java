package io.asyncopenai.structured;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.StructuredOutputException;

/**
 * Reads a model's structured answer, JSON text, into the Java type its schema was made from.
 */
public final class StructuredOutputs {

	private StructuredOutputs() {
	}

	/**
	 * Reads the JSON text of an answer.
	 * @param mapper the client's mapper, the one its schemas describe
	 * @param text the answer's text
	 * @param type the type the schema was made from
	 * @param <T> the type
	 * @return the value
	 * @throws StructuredOutputException if the text is not JSON of that type, with the text
	 */
	public static <T> T read(JsonMapper mapper, String text, Class<T> type) {
		try {
			T value = mapper.readValue(text, type);
			if (value == null) {
				throw new StructuredOutputException(
						"The model answered null where a " + type.getSimpleName() + " was asked for", text, null);
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new StructuredOutputException("Could not read the model's answer as " + type.getSimpleName() + ": "
					+ ex.getOriginalMessage(), text, ex);
		}
	}

	/**
	 * The failure of an answer the model stopped before its end.
	 * @param type the type asked for
	 * @param reason why it stopped, as the API says ({@code max_output_tokens}, {@code length},
	 * {@code content_filter})
	 * @param text the text so far
	 * @return the exception
	 */
	public static StructuredOutputException cutOff(Class<?> type, String reason, String text) {
		return new StructuredOutputException("The model stopped (" + reason + ") before the end of its "
				+ type.getSimpleName() + " answer; raise the output token limit or shorten the task", text, null);
	}

}
