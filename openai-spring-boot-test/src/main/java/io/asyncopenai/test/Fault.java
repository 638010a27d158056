package io.asyncopenai.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@link MockOpenAIServer} does to one request instead of, or on top of, its normal
 * answer. Queue faults with {@link MockOpenAIServer#enqueue(Fault...)}; each one is used by
 * exactly one request, in order.
 *
 * <p>Faults that replace the answer: {@link #status(int)}, {@link #error(int)},
 * {@link #redirect(int, String)}, {@link #closeBeforeResponse()}. Faults that change how the
 * normal answer is delivered: {@link #delayBeforeHeaders(Duration)},
 * {@link #delayBetweenEvents(Duration)}, {@link #closeMidStream(int)},
 * {@link #stallMidStream(int)}, {@link #malformedJson()}, {@link #streamError(int)}.
 *
 * <p>On a WebSocket path ({@code /v1/realtime}, {@code /v1/responses}) a fault is used by one
 * connection: the faults that replace the answer refuse the handshake,
 * {@link #delayBeforeHeaders(Duration)} delays it, {@link #delayBetweenEvents(Duration)} spaces
 * the events of each answer, {@link #closeMidStream(int)} drops the connection without a close
 * frame and {@link #stallMidStream(int)} stops sending (and answering pings) after that many
 * events; {@link #closeWebSocket(int, int, String)} and {@link #errorEvent(int, String, String)}
 * are for WebSockets only.
 */
public sealed interface Fault {

	/**
	 * Answers with the given status, no headers of its own and an empty body; add them with
	 * {@link Respond#header(String, String)} and {@link Respond#body(String)}.
	 * @param status the HTTP status code
	 * @return the scripted response
	 */
	static Respond status(int status) {
		return new Respond(status, Map.of(), List.of(), Duration.ZERO, 1);
	}

	/**
	 * Answers with the given status and the official error body
	 * ({@code {"error": {"message", "type", "param", "code"}}}) that the API sends for it.
	 * @param status the HTTP status code, 400 or more
	 * @return the scripted response
	 */
	static Respond error(int status) {
		OpenAIError error = OpenAIError.forStatus(status);
		return error(status, error.type(), error.code(), error.message());
	}

	/**
	 * Answers with the given status and an official error body with the given fields.
	 * @param status the HTTP status code
	 * @param type the {@code error.type}
	 * @param code the {@code error.code}, or {@code null}
	 * @param message the {@code error.message}
	 * @return the scripted response
	 */
	static Respond error(int status, String type, @Nullable String code, String message) {
		return status(status).header("content-type", "application/json")
			.body(new OpenAIError(message, type, null, code).toJson());
	}

	/**
	 * Answers with a redirect to {@code location}.
	 * @param status 301, 302, 303, 307 or 308
	 * @param location the {@code Location} header, absolute or relative
	 * @return the fault
	 */
	static Fault redirect(int status, String location) {
		return new Redirect(status, location);
	}

	/**
	 * Closes the connection once the request is read, without sending anything.
	 * @return the fault
	 */
	static Fault closeBeforeResponse() {
		return new CloseBeforeResponse();
	}

	/**
	 * Waits before sending the normal answer's headers.
	 * @param delay how long to wait
	 * @return the fault
	 */
	static Fault delayBeforeHeaders(Duration delay) {
		return new DelayBeforeHeaders(delay);
	}

	/**
	 * Waits before each event of the normal streamed answer.
	 * @param delay how long to wait before each event
	 * @return the fault
	 */
	static Fault delayBetweenEvents(Duration delay) {
		return new DelayBetweenEvents(delay);
	}

	/**
	 * Sends the first {@code events} events of the normal streamed answer and closes the
	 * connection without ending the response. For a JSON answer, sends the headers and half the
	 * body, then closes.
	 * @param events how many events to send before closing
	 * @return the fault
	 */
	static Fault closeMidStream(int events) {
		return new CloseMidStream(events);
	}

	/**
	 * Sends the first {@code events} events of the normal streamed answer, then sends nothing
	 * more and keeps the connection open until the client closes it.
	 * @param events how many events to send before stalling
	 * @return the fault
	 */
	static Fault stallMidStream(int events) {
		return new StallMidStream(events);
	}

	/**
	 * Sends the normal answer with a status of 200 but a JSON body cut in the middle; for a
	 * stream, the first event's data is cut.
	 * @return the fault
	 */
	static Fault malformedJson() {
		return new MalformedJson();
	}

	/**
	 * Sends the first {@code events} events of the normal streamed answer, then the error event
	 * the API sends when a stream fails, then ends the stream.
	 * @param events how many events to send before the error
	 * @return the fault
	 */
	static Fault streamError(int events) {
		return new StreamError(events);
	}

	/**
	 * On a WebSocket, sends a close frame with this code and reason after the server sent
	 * {@code afterEvents} events.
	 * @param afterEvents events sent before the close
	 * @param code the close code
	 * @param reason the close reason
	 * @return the fault
	 */
	static Fault closeWebSocket(int afterEvents, int code, String reason) {
		return new CloseWebSocket(afterEvents, code, reason);
	}

	/**
	 * On a WebSocket, sends the API's {@code error} event in place of event
	 * {@code afterEvents + 1}, and goes on: the connection stays open.
	 * @param afterEvents events sent before the error
	 * @param code the error's {@code code}
	 * @param message the error's {@code message}
	 * @return the fault
	 */
	static Fault errorEvent(int afterEvents, String code, String message) {
		return new ErrorEvent(afterEvents, code, message);
	}

	/**
	 * A scripted response: status, headers and a body sent in one or more chunks.
	 * @param status the HTTP status code
	 * @param headers the response headers, in order
	 * @param chunks the body, one write (and flush) per chunk
	 * @param chunkDelay how long to wait before each chunk
	 * @param repeat how many times the chunks are sent, one after the other
	 */
	record Respond(int status, Map<String, String> headers, List<String> chunks, Duration chunkDelay,
			int repeat) implements Fault {

		public Respond {
			if (repeat < 1) {
				throw new IllegalArgumentException("A body is sent at least once, repeat was " + repeat);
			}
			if (status < 100 || status > 999) {
				throw new IllegalArgumentException("HTTP status must have three digits, was " + status);
			}
			headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
			chunks = List.copyOf(chunks);
			Objects.requireNonNull(chunkDelay, "chunkDelay");
		}

		/**
		 * Returns a copy with one more header (replacing one of the same name).
		 * @param name the header name
		 * @param value the header value
		 * @return the new response
		 */
		public Respond header(String name, String value) {
			Map<String, String> copy = new LinkedHashMap<>(this.headers);
			copy.keySet().removeIf(name::equalsIgnoreCase);
			copy.put(name, value);
			return new Respond(this.status, copy, this.chunks, this.chunkDelay, this.repeat);
		}

		/**
		 * Returns a copy whose body is {@code body}, sent in one write.
		 * @param body the body
		 * @return the new response
		 */
		public Respond body(String body) {
			return new Respond(this.status, this.headers, List.of(body), this.chunkDelay, this.repeat);
		}

		/**
		 * Returns a copy whose body is sent as these chunks, each written and flushed on its
		 * own, so that a client reads them in separate TCP reads.
		 * @param chunks the parts of the body
		 * @return the new response
		 */
		public Respond chunks(String... chunks) {
			return new Respond(this.status, this.headers, new ArrayList<>(List.of(chunks)), this.chunkDelay, this.repeat);
		}

		/**
		 * Returns a copy that waits {@code delay} before each chunk.
		 * @param delay the wait before each chunk
		 * @return the new response
		 */
		public Respond chunkDelay(Duration delay) {
			return new Respond(this.status, this.headers, this.chunks, delay, this.repeat);
		}

		/**
		 * Returns a copy that sends its chunks {@code times} times, for bodies too large to
		 * hold in memory: a chunk of 1 MiB repeated 100 times is a 100 MiB body.
		 * @param times how many times to send the chunks
		 * @return the new response
		 */
		public Respond repeat(int times) {
			return new Respond(this.status, this.headers, this.chunks, this.chunkDelay, times);
		}

	}

	/**
	 * See {@link Fault#redirect(int, String)}.
	 * @param status the redirect status
	 * @param location the {@code Location} header
	 */
	record Redirect(int status, String location) implements Fault {

		public Redirect {
			if (status < 300 || status > 399) {
				throw new IllegalArgumentException("A redirect status is 3xx, was " + status);
			}
			Objects.requireNonNull(location, "location");
		}

	}

	/**
	 * See {@link Fault#closeBeforeResponse()}.
	 */
	record CloseBeforeResponse() implements Fault {

	}

	/**
	 * See {@link Fault#delayBeforeHeaders(Duration)}.
	 * @param delay the wait
	 */
	record DelayBeforeHeaders(Duration delay) implements Fault {

		public DelayBeforeHeaders {
			requireNotNegative(delay);
		}

	}

	/**
	 * See {@link Fault#delayBetweenEvents(Duration)}.
	 * @param delay the wait before each event
	 */
	record DelayBetweenEvents(Duration delay) implements Fault {

		public DelayBetweenEvents {
			requireNotNegative(delay);
		}

	}

	/**
	 * See {@link Fault#closeMidStream(int)}.
	 * @param events events sent before the connection is closed
	 */
	record CloseMidStream(int events) implements Fault {

		public CloseMidStream {
			requireNotNegative(events);
		}

	}

	/**
	 * See {@link Fault#stallMidStream(int)}.
	 * @param events events sent before the stream stalls
	 */
	record StallMidStream(int events) implements Fault {

		public StallMidStream {
			requireNotNegative(events);
		}

	}

	/**
	 * See {@link Fault#malformedJson()}.
	 */
	record MalformedJson() implements Fault {

	}

	/**
	 * See {@link Fault#streamError(int)}.
	 * @param events events sent before the error event
	 */
	record StreamError(int events) implements Fault {

		public StreamError {
			requireNotNegative(events);
		}

	}

	/**
	 * See {@link Fault#closeWebSocket(int, int, String)}.
	 * @param afterEvents events sent before the close frame
	 * @param code the close code
	 * @param reason the close reason
	 */
	record CloseWebSocket(int afterEvents, int code, String reason) implements Fault {

		public CloseWebSocket {
			requireNotNegative(afterEvents);
			Objects.requireNonNull(reason, "reason");
		}

	}

	/**
	 * See {@link Fault#errorEvent(int, String, String)}.
	 * @param afterEvents events sent before the error event
	 * @param code the error's code
	 * @param message the error's message
	 */
	record ErrorEvent(int afterEvents, String code, String message) implements Fault {

		public ErrorEvent {
			requireNotNegative(afterEvents);
			Objects.requireNonNull(code, "code");
			Objects.requireNonNull(message, "message");
		}

	}

	private static void requireNotNegative(Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Delay must not be negative, was " + delay);
		}
	}

	private static void requireNotNegative(int events) {
		if (events < 0) {
			throw new IllegalArgumentException("Event count must not be negative, was " + events);
		}
	}

}
