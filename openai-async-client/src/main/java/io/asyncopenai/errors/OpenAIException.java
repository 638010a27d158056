package io.asyncopenai.errors;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the client throws, for example when it is built without an API
 * key.
 */
public class OpenAIException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public OpenAIException(String message) {
		super(message);
	}

	public OpenAIException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
