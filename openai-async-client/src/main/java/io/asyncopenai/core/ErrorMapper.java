package io.asyncopenai.core;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.WriteTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.errors.AuthenticationException;
import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.errors.ConflictException;
import io.asyncopenai.errors.InternalServerException;
import io.asyncopenai.errors.NotFoundException;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.errors.PermissionDeniedException;
import io.asyncopenai.errors.RateLimitException;
import io.asyncopenai.errors.UnprocessableEntityException;
import io.asyncopenai.http.RateLimitQueueException;

import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Turns what went wrong on the wire into the client's exceptions, keeping timeouts, other
 * connection failures and error statuses apart.
 */
final class ErrorMapper {

	private static final int MAX_MESSAGE_BODY = 1000;

	private final JsonMapper mapper;

	ErrorMapper(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * The exception for an error status, with the fields of the API's error body.
	 */
	APIStatusException status(int status, Map<String, List<String>> headers, byte[] bodyBytes, boolean truncated) {
		String body = new String(bodyBytes, StandardCharsets.UTF_8);
		String requestId = first(headers, "x-request-id");
		JsonNode error = errorObject(body);
		String message = (error != null) ? text(error, "message") : detail(body);
		String type = (error != null) ? text(error, "type") : null;
		String code = (error != null) ? text(error, "code") : null;
		String param = (error != null) ? text(error, "param") : null;
		StringBuilder text = new StringBuilder("Error code: ").append(status).append(" - ");
		if (message != null) {
			text.append(message);
			if (type != null) {
				text.append(" (type: ").append(type);
				if (code != null) {
					text.append(", code: ").append(code);
				}
				text.append(')');
			}
		}
		else {
			text.append(body.isBlank() ? "(no body)"
					: (body.length() > MAX_MESSAGE_BODY) ? body.substring(0, MAX_MESSAGE_BODY) + "…" : body);
		}
		if (truncated) {
			text.append(" (body truncated at ").append(bodyBytes.length).append(" bytes)");
		}
		if (requestId != null) {
			text.append(" [request id: ").append(requestId).append(']');
		}
		String m = text.toString();
		return switch (status) {
			case 400 -> new BadRequestException(m, status, requestId, type, code, param, body, headers);
			case 401 -> new AuthenticationException(m, status, requestId, type, code, param, body, headers);
			case 403 -> new PermissionDeniedException(m, status, requestId, type, code, param, body, headers);
			case 404 -> new NotFoundException(m, status, requestId, type, code, param, body, headers);
			case 409 -> new ConflictException(m, status, requestId, type, code, param, body, headers);
			case 422 -> new UnprocessableEntityException(m, status, requestId, type, code, param, body, headers);
			case 429 -> new RateLimitException(m, status, requestId, type, code, param, body, headers);
			default -> (status >= 500)
					? new InternalServerException(m, status, requestId, type, code, param, body, headers)
					: new APIStatusException(m, status, requestId, type, code, param, body, headers);
		};
	}

	/**
	 * The exception for an {@code error} payload in a stream.
	 */
	APIException streamError(JsonNode payload, String data) {
		JsonNode error = payload.path("error");
		String message = error.isObject() ? text(error, "message") : error.isString() ? error.asString() : null;
		return new APIException("The stream reported an error: " + ((message != null) ? message : data), data, null);
	}

	/**
	 * The client's exception for a failure of the transport.
	 */
	Throwable transport(Throwable failure, Duration readTimeout) {
		if (failure instanceof OpenAIException) {
			return failure;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RateLimitQueueException queued) {
				return queued.queueFull() ? new APIConnectionException(queued.getMessage(), failure)
						: new APITimeoutException(queued.getMessage(), failure);
			}
			if (cause instanceof ReadTimeoutException) {
				return new APITimeoutException(
						"Read timed out: no data from the server for " + readTimeout, failure);
			}
			if (cause instanceof WriteTimeoutException) {
				return new APITimeoutException("Write timed out while sending the request", failure);
			}
			if (cause instanceof ConnectTimeoutException) {
				return new APITimeoutException("Connect timed out: " + cause.getMessage(), failure);
			}
			if (cause instanceof TimeoutException) {
				return new APITimeoutException(
						"Timed out waiting for a pooled connection (all connections are busy)", failure);
			}
			if (cause instanceof PrematureCloseException) {
				return new APIConnectionException("Connection closed by the server before the response was complete",
						failure);
			}
			if (cause instanceof ConnectException) {
				return new APIConnectionException("Connection failed: " + cause.getMessage(), failure);
			}
			if (cause instanceof TooLongHttpHeaderException) {
				return new APIConnectionException("The response headers are too large: " + cause.getMessage()
						+ " (see maxResponseHeaderSize)", failure);
			}
			if (cause instanceof DecoderException && !(cause.getCause() instanceof SSLException)) {
				return new APIConnectionException("The response is not valid HTTP: " + cause.getMessage(), failure);
			}
			if (cause instanceof SSLException) {
				return new APIConnectionException("TLS failed: " + cause.getMessage(), failure);
			}
			if (cause instanceof IOException) {
				return new APIConnectionException("Connection error: " + cause.getMessage(), failure);
			}
		}
		if (failure instanceof WebClientRequestException) {
			return new APIConnectionException("Connection error: " + failure.getMessage(), failure);
		}
		return failure;
	}

	/**
	 * The message of an error body shaped as OpenAI-compatible servers built on FastAPI shape
	 * them: {@code {"detail": "Not Found"}}, or {@code {"detail": [{"loc": …, "msg": …}]}}.
	 */
	private @Nullable String detail(String body) {
		try {
			JsonNode root = this.mapper.readTree(body);
			JsonNode detail = (root != null) ? root.path("detail") : null;
			if (detail == null) {
				return null;
			}
			if (detail.isString()) {
				return detail.asString();
			}
			List<String> messages = new ArrayList<>();
			for (JsonNode item : detail) {
				String message = text(item, "msg");
				if (message != null) {
					JsonNode location = item.path("loc");
					messages.add(location.isArray() && !location.isEmpty()
							? joined(location) + ": " + message : message);
				}
			}
			return messages.isEmpty() ? null : String.join("; ", messages);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String joined(JsonNode location) {
		List<String> parts = new ArrayList<>();
		location.forEach((part) -> parts.add(part.isString() ? part.asString() : part.toString()));
		return String.join(".", parts);
	}

	private @Nullable JsonNode errorObject(String body) {
		try {
			JsonNode root = this.mapper.readTree(body);
			JsonNode error = (root != null) ? root.path("error") : null;
			return (error != null && error.isObject()) ? error : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isValueNode() && !value.isNull() ? value.asString() : null;
	}

	static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
