package io.asyncopenai.errors;

import org.jspecify.annotations.Nullable;

/**
 * A structured answer that cannot be read into its Java type: the model stopped before the end
 * of the JSON (the output token limit, a content filter), or wrote JSON that does not fit the
 * type. A refusal is not this exception: parsed results report it as a refusal.
 */
public class StructuredOutputException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	private final String output;

	/**
	 * An exception for an answer that cannot be read.
	 * @param message what went wrong, naming the type
	 * @param output the model's text, as it came
	 * @param cause the parse failure, if any
	 */
	public StructuredOutputException(String message, String output, @Nullable Throwable cause) {
		super(message, cause);
		this.output = output;
	}

	/** The model's text, as it came. */
	public String output() {
		return this.output;
	}

}
