package io.asyncopenai.errors;

import org.jspecify.annotations.Nullable;

/**
 * A call to the API failed: it could not be made, it was answered with an error status, or a
 * stream reported an error.
 */
public class APIException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String body;

	public APIException(String message, @Nullable String body, @Nullable Throwable cause) {
		super(message, cause);
		this.body = body;
	}

	/**
	 * The raw body that reported the error, if there was one.
	 * @return the body, or {@code null}
	 */
	public @Nullable String body() {
		return this.body;
	}

}
