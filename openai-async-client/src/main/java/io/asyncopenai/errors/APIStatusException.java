package io.asyncopenai.errors;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The API answered with a status that is not a success. Carries the status, the request id of
 * the {@code x-request-id} header, the fields of the API's {@code error} object and the raw
 * body. Subclasses stand for the statuses callers handle most.
 */
public class APIStatusException extends APIException {

	private static final long serialVersionUID = 1L;

	private final int statusCode;

	private final @Nullable String requestId;

	private final @Nullable String type;

	private final @Nullable String code;

	private final @Nullable String param;

	private final transient Map<String, List<String>> headers;

	public APIStatusException(String message, int statusCode, @Nullable String requestId, @Nullable String type,
			@Nullable String code, @Nullable String param, @Nullable String body, Map<String, List<String>> headers) {
		super(message, body, null);
		this.statusCode = statusCode;
		this.requestId = requestId;
		this.type = type;
		this.code = code;
		this.param = param;
		this.headers = Map.copyOf(headers);
	}

	/** The HTTP status code. */
	public int statusCode() {
		return this.statusCode;
	}

	/** The {@code x-request-id} of the response, to quote to OpenAI's support. */
	public @Nullable String requestId() {
		return this.requestId;
	}

	/** The {@code error.type} of the body, for example {@code invalid_request_error}. */
	public @Nullable String type() {
		return this.type;
	}

	/** The {@code error.code} of the body, for example {@code rate_limit_exceeded}. */
	public @Nullable String code() {
		return this.code;
	}

	/** The {@code error.param} of the body: the request parameter at fault. */
	public @Nullable String param() {
		return this.param;
	}

	/** The response headers, names in lower case. */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

}
