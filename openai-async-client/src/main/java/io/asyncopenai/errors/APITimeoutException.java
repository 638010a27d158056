package io.asyncopenai.errors;

import org.jspecify.annotations.Nullable;

/**
 * A phase of a call took longer than its timeout: connecting, writing the request, waiting
 * for a pooled connection, or waiting between two reads of the response. Retried by default.
 */
public class APITimeoutException extends APIConnectionException {

	private static final long serialVersionUID = 1L;

	public APITimeoutException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
