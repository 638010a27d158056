package io.asyncopenai.errors;

import org.jspecify.annotations.Nullable;

/**
 * The client could not talk to the API: the connection was refused, reset or closed early, TLS
 * failed, or redirects went past the limit. Retried by default.
 */
public class APIConnectionException extends APIException {

	private static final long serialVersionUID = 1L;

	public APIConnectionException(String message, @Nullable Throwable cause) {
		super(message, null, cause);
	}

}
