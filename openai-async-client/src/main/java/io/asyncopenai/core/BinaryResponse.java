package io.asyncopenai.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.APIException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A response whose body is not JSON: file contents, audio, images, archives. It carries the
 * status and headers, and a body that arrives as it is read, a buffer at a time.
 *
 * <p>The body can be read once, in one of the ways below: streamed as buffers
 * ({@link #body()}), written to a file ({@link #writeTo(Path)}, which no size limit applies
 * to), read whole under a size limit ({@link #bytes()}, {@link #text()}), read line by line
 * ({@link #lines()}, {@link #lines(Class)} for JSON Lines such as batch output), or dropped
 * ({@link #discard()}). A body that nobody starts to read within the call's timeout is dropped
 * then, its connection closed and its buffers released, so that a forgotten body cannot hold
 * a connection of the pool for good. Cancelling a read half-way closes the connection and
 * releases every buffer.
 */
public final class BinaryResponse {

	private final int statusCode;

	private final HttpHeaders headers;

	private final Flux<DataBuffer> body;

	private final int maxSize;

	private final JsonMapper mapper;

	private final AtomicBoolean read = new AtomicBoolean();

	private final Disposable unreadGuard;

	BinaryResponse(int statusCode, HttpHeaders headers, Flux<DataBuffer> body, int maxSize, JsonMapper mapper,
			Duration unreadTimeout) {
		this.statusCode = statusCode;
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
		this.body = body;
		this.maxSize = maxSize;
		this.mapper = mapper;
		this.unreadGuard = Mono.delay(unreadTimeout).subscribe((tick) -> dropUnread());
	}

	/** Cancels a body nobody has started to read: Reactor Netty then closes its connection and releases its buffers. */
	private void dropUnread() {
		if (this.read.compareAndSet(false, true)) {
			this.body.subscribe(new BaseSubscriber<DataBuffer>() {

				@Override
				protected void hookOnSubscribe(Subscription subscription) {
					subscription.cancel();
				}

				@Override
				protected void hookOnNext(DataBuffer buffer) {
					DataBufferUtils.release(buffer);
				}

			});
		}
	}

	/** The HTTP status. */
	public int statusCode() {
		return this.statusCode;
	}

	/** The response headers, read-only. */
	public HttpHeaders headers() {
		return this.headers;
	}

	/** The {@code x-request-id} the API gave the request, or {@code null}. */
	public @Nullable String requestId() {
		return this.headers.getFirst("x-request-id");
	}

	/** The body's content type, or {@code null} if the response does not say. */
	public @Nullable MediaType contentType() {
		return this.headers.getContentType();
	}

	/** The body's size, if the response says it. */
	public OptionalLong contentLength() {
		long length = this.headers.getContentLength();
		return (length >= 0) ? OptionalLong.of(length) : OptionalLong.empty();
	}

	/**
	 * The body as it arrives. The subscriber owns each buffer and must release it
	 * ({@link DataBufferUtils#release(DataBuffer)}); cancelling closes the connection.
	 * @return the body, which can be subscribed to once
	 */
	public Flux<DataBuffer> body() {
		return Flux.defer(() -> {
			if (!this.read.compareAndSet(false, true)) {
				return Flux.error(new IllegalStateException("The body of " + this
						+ " has been read already (or dropped, unread for the call's timeout): it can be read once"));
			}
			this.unreadGuard.dispose();
			return this.body;
		});
	}

	/**
	 * Writes the body to a file, created or truncated, a buffer at a time: no size limit
	 * applies and the heap holds a buffer or two, whatever the size.
	 * @param file the file
	 * @return the number of bytes written, once the file is complete
	 */
	public Mono<Long> writeTo(Path file) {
		AtomicLong written = new AtomicLong();
		Flux<DataBuffer> counted = body().doOnNext((buffer) -> written.addAndGet(buffer.readableByteCount()));
		return DataBufferUtils
			.write(counted, file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
			.then(Mono.fromSupplier(written::get));
	}

	/**
	 * The whole body, if it is no larger than the transport's {@code maxResponseSize}.
	 * @return the bytes, or an {@link APIException} if there are more
	 */
	public Mono<byte[]> bytes() {
		return bytes(this.maxSize);
	}

	/**
	 * The whole body, if it is no larger than a limit; past it, the read stops and the
	 * connection is closed.
	 * @param maxSize the largest body read, in bytes
	 * @return the bytes, or an {@link APIException} if there are more
	 */
	public Mono<byte[]> bytes(int maxSize) {
		return ResponseReader.joined(body(), maxSize, "the cap of this read; stream it with body() or writeTo(Path) instead");
	}

	/**
	 * The whole body as text in the charset its content type names (UTF-8 if none), if it is
	 * no larger than the transport's {@code maxResponseSize}.
	 * @return the text
	 */
	public Mono<String> text() {
		return text(this.maxSize);
	}

	/**
	 * The whole body as text, if it is no larger than a limit.
	 * @param maxSize the largest body read, in bytes
	 * @return the text
	 */
	public Mono<String> text(int maxSize) {
		Charset charset = charset();
		return bytes(maxSize).map((bytes) -> new String(bytes, charset));
	}

	/**
	 * The body's lines as they arrive (split at {@code \n}, a trailing {@code \r} dropped),
	 * each no longer than the transport's {@code maxResponseSize}; a last line without a line
	 * break counts, an empty last line does not.
	 * @return the lines
	 */
	public Flux<String> lines() {
		Charset charset = charset();
		return lineBytes().map((line) -> new String(line, charset));
	}

	/**
	 * The body read as JSON Lines: each line that is not blank as a type (for example
	 * {@code BatchRequestOutput} for a batch's output file).
	 * @param type the type of each line
	 * @param <T> the type of each line
	 * @return the values, as they arrive
	 */
	public <T> Flux<T> lines(Class<T> type) {
		ObjectReader reader = this.mapper.readerFor(type);
		return lineBytes().filter((line) -> !isBlank(line)).handle((line, sink) -> {
			try {
				sink.next(reader.readValue(line));
			}
			catch (JacksonException ex) {
				sink.error(new APIException("Could not parse a line as " + type.getSimpleName() + ": "
						+ ex.getOriginalMessage(), new String(line, StandardCharsets.UTF_8), ex));
			}
		});
	}

	/**
	 * Reads and drops the body, so that the connection can serve another request.
	 * @return completes once the body has been read
	 */
	public Mono<Void> discard() {
		return body().doOnNext(DataBufferUtils::release).then();
	}

	private Charset charset() {
		MediaType contentType = contentType();
		Charset charset = (contentType != null) ? contentType.getCharset() : null;
		return (charset != null) ? charset : StandardCharsets.UTF_8;
	}

	private Flux<byte[]> lineBytes() {
		int limit = this.maxSize;
		return Flux.defer(() -> {
			LineSplitter splitter = new LineSplitter(limit);
			return body().concatMapIterable(splitter::feed).concatWith(Mono.defer(splitter::rest));
		});
	}

	private static boolean isBlank(byte[] line) {
		for (byte b : line) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return "BinaryResponse[status=" + this.statusCode + ", contentType=" + contentType() + ", contentLength="
				+ this.headers.getContentLength() + ", requestId=" + requestId() + "]";
	}

	/**
	 * Cuts buffers into lines, keeping the start of a line that goes on in the next buffer.
	 */
	private static final class LineSplitter {

		private final int limit;

		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		LineSplitter(int limit) {
			this.limit = limit;
		}

		List<byte[]> feed(DataBuffer buffer) {
			byte[] bytes = ResponseReader.bytes(buffer);
			List<byte[]> lines = new ArrayList<>();
			int start = 0;
			for (int at = 0; at < bytes.length; at++) {
				if (bytes[at] == '\n') {
					append(bytes, start, at - start);
					lines.add(take());
					start = at + 1;
				}
			}
			append(bytes, start, bytes.length - start);
			return lines;
		}

		/** What remains after the last line break: a last line, or nothing. */
		Mono<byte[]> rest() {
			return (this.pending.size() > 0) ? Mono.just(take()) : Mono.empty();
		}

		private void append(byte[] bytes, int offset, int length) {
			if (this.pending.size() + length > this.limit) {
				throw new APIException("A line of the response is longer than " + this.limit
						+ " bytes, the transport's maxResponseSize", null, null);
			}
			this.pending.write(bytes, offset, length);
		}

		private byte[] take() {
			byte[] line = this.pending.toByteArray();
			this.pending.reset();
			int length = line.length;
			if (length > 0 && line[length - 1] == '\r') {
				return Arrays.copyOf(line, length - 1);
			}
			return line;
		}

	}

}
