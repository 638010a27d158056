package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.http.OpenAIHttpClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * Reads responses within the transport's limits: a JSON body into its type, an error body
 * into the client's exception for its status.
 */
final class ResponseReader {

	private static final byte[] EMPTY = new byte[0];

	private final OpenAIHttpClient transport;

	private final JsonMapper mapper;

	private final ErrorMapper errors;

	ResponseReader(OpenAIHttpClient transport, JsonMapper mapper, ErrorMapper errors) {
		this.transport = transport;
		this.mapper = mapper;
		this.errors = errors;
	}

	/**
	 * A response's JSON as its type, or the error of its status. A {@link Void} type reads and
	 * drops the body and completes empty.
	 */
	<T> Mono<T> read(ClientResponse response, JavaType type) {
		if (!response.statusCode().is2xxSuccessful()) {
			return failure(response).flatMap(Mono::error);
		}
		if (type.getRawClass() == Void.class || type.getRawClass() == void.class) {
			// Read to its end, so that the connection goes back to the pool.
			return response.releaseBody().then(Mono.empty());
		}
		return body(response).flatMap((bytes) -> decode(bytes, type, response));
	}

	/** A response that is not read as JSON, with a body read as its reader consumes it. */
	BinaryResponse binary(int status, HttpHeaders headers, Flux<DataBuffer> body, Duration unreadTimeout) {
		return new BinaryResponse(status, headers, body, this.transport.maxResponseSize(), this.mapper, unreadTimeout);
	}

	/**
	 * The exception for a response that is not a success, from the start of its body.
	 */
	Mono<Throwable> failure(ClientResponse response) {
		return errorBody(response).map((body) -> failure(response, body));
	}

	/** The bytes of a buffer, which it releases. */
	static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** The whole body, or an {@link APIException} if it is larger than the transport allows. */
	private Mono<byte[]> body(ClientResponse response) {
		return joined(response.bodyToFlux(DataBuffer.class), this.transport.maxResponseSize(),
				"the transport's maxResponseSize; it was not read");
	}

	/**
	 * A body's bytes, whole, or an {@link APIException} (the read stopped, the connection
	 * closed) if there are more than a limit.
	 * @param body the body's buffers, which are released
	 * @param limit the most bytes read
	 * @param hint what the limit is or what to do instead, for the exception's message
	 */
	static Mono<byte[]> joined(Flux<DataBuffer> body, int limit, String hint) {
		return DataBufferUtils.join(body, limit)
			.map(ResponseReader::bytes)
			.defaultIfEmpty(EMPTY)
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new APIException("The response body is larger than " + limit + " bytes, " + hint, null, ex));
	}

	/**
	 * The start of an error body: up to {@link OpenAIHttpClient#MAX_ERROR_BODY_SIZE} bytes, so
	 * that a hostile or broken server cannot make an error exhaust memory.
	 */
	private Mono<ErrorBody> errorBody(ClientResponse response) {
		int limit = OpenAIHttpClient.MAX_ERROR_BODY_SIZE;
		return DataBufferUtils.join(DataBufferUtils.takeUntilByteCount(response.bodyToFlux(DataBuffer.class), limit + 1L))
			.map(ResponseReader::bytes)
			.defaultIfEmpty(EMPTY)
			.map((bytes) -> (bytes.length > limit) ? new ErrorBody(Arrays.copyOf(bytes, limit), true)
					: new ErrorBody(bytes, false));
	}

	private Throwable failure(ClientResponse response, ErrorBody body) {
		int status = response.statusCode().value();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.headers()
			.asHttpHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		if (this.transport.followRedirects() && status >= 300 && status < 400 && headers.containsKey("location")) {
			return new APIConnectionException("Too many redirects: the request was redirected more than "
					+ this.transport.maxRedirects() + " times (last to " + headers.get("location").get(0) + ")", null);
		}
		return this.errors.status(status, headers, body.bytes(), body.truncated());
	}

	private <T> Mono<T> decode(byte[] bytes, JavaType type, ClientResponse response) {
		try {
			T value = this.mapper.readValue(bytes, type);
			return Mono.justOrEmpty(value);
		}
		catch (JacksonException ex) {
			String body = new String(bytes, StandardCharsets.UTF_8);
			// A text answer (a transcript asked for as text) deserves a plainer message than a parse error.
			MediaType contentType = response.headers().contentType().orElse(null);
			String problem = (contentType != null && contentType.getType().equals("text"))
					? "the response is " + contentType + ", not JSON" : ex.getOriginalMessage();
			return Mono.error(new APIException(
					"Could not parse the response as " + type.getRawClass().getSimpleName() + ": " + problem, body, ex));
		}
	}

	/**
	 * The start of an error body, and whether there was more.
	 */
	private record ErrorBody(byte[] bytes, boolean truncated) {

	}

}
