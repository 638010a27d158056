package io.asyncopenai.errors;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Too many requests or tokens (HTTP 429); retried by default.
 */
public class RateLimitException extends APIStatusException {

	private static final long serialVersionUID = 1L;

	public RateLimitException(String message, int statusCode, @Nullable String requestId, @Nullable String type,
			@Nullable String code, @Nullable String param, @Nullable String body, Map<String, List<String>> headers) {
		super(message, statusCode, requestId, type, code, param, body, headers);
	}

}
