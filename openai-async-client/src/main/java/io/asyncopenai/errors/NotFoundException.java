package io.asyncopenai.errors;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The resource does not exist (HTTP 404).
 */
public class NotFoundException extends APIStatusException {

	private static final long serialVersionUID = 1L;

	public NotFoundException(String message, int statusCode, @Nullable String requestId, @Nullable String type,
			@Nullable String code, @Nullable String param, @Nullable String body, Map<String, List<String>> headers) {
		super(message, statusCode, requestId, type, code, param, body, headers);
	}

}
