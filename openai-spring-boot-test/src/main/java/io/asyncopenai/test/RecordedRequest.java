package io.asyncopenai.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One request as {@link MockOpenAIServer} received it, in its journal.
 *
 * <p>Everything but {@link #outcome()} is fixed when the request has been read; the outcome
 * changes once, when the response ends.
 */
public final class RecordedRequest {

	/**
	 * How the exchange of a request ended.
	 */
	public enum Outcome {

		/** The response is still being sent (or waited on). */
		IN_PROGRESS,

		/** The whole response was sent. */
		COMPLETED,

		/** The server closed the connection on purpose, as a fault told it to. */
		CLOSED_BY_SERVER,

		/** The client closed the connection before the response was complete. */
		CLOSED_BY_CLIENT

	}

	private final int sequence;

	private final String method;

	private final String path;

	private final String query;

	private final String protocol;

	private final List<Map.Entry<String, String>> headers;

	private final String body;

	private final byte[] bodyBytes;

	private final long bodySize;

	private final List<RecordedPart> parts;

	private final @Nullable String malformedForm;

	private final String requestId;

	private final String connectionId;

	private final Instant receivedAt;

	private final CountDownLatch ended = new CountDownLatch(1);

	private volatile Outcome outcome = Outcome.IN_PROGRESS;

	RecordedRequest(int sequence, String method, String uri, String protocol, List<Map.Entry<String, String>> headers,
			Body body, String requestId, String connectionId) {
		this.protocol = protocol;
		this.sequence = sequence;
		this.method = method;
		int queryStart = uri.indexOf('?');
		this.path = (queryStart >= 0) ? uri.substring(0, queryStart) : uri;
		this.query = (queryStart >= 0) ? uri.substring(queryStart + 1) : "";
		this.headers = List.copyOf(headers);
		this.bodyBytes = body.bytes();
		this.body = body.text();
		this.bodySize = body.size();
		this.parts = body.parts();
		this.malformedForm = body.malformedForm();
		this.requestId = requestId;
		this.connectionId = connectionId;
		this.receivedAt = Instant.now();
	}

	/** The same request as if it had come to another path, for the endpoint that answers it. */
	private RecordedRequest(RecordedRequest request, String path) {
		this.protocol = request.protocol;
		this.sequence = request.sequence;
		this.method = request.method;
		this.path = path;
		this.query = request.query;
		this.headers = request.headers;
		this.bodyBytes = request.bodyBytes;
		this.body = request.body;
		this.bodySize = request.bodySize;
		this.parts = request.parts;
		this.malformedForm = request.malformedForm;
		this.requestId = request.requestId;
		this.connectionId = request.connectionId;
		this.receivedAt = request.receivedAt;
	}

	RecordedRequest routedTo(String path) {
		return new RecordedRequest(this, path);
	}

	/** Position of this request in the journal, from 0. */
	public int sequence() {
		return this.sequence;
	}

	/** The HTTP method, for example {@code POST}. */
	public String method() {
		return this.method;
	}

	/** The path without the query, for example {@code /v1/chat/completions}. */
	public String path() {
		return this.path;
	}

	/** The protocol of the request, {@code HTTP/1.1} or {@code HTTP/2.0}. */
	public String protocol() {
		return this.protocol;
	}

	/** The raw query string without {@code ?}, or an empty string. */
	public String query() {
		return this.query;
	}

	/**
	 * The query parameters, decoded, in order of first appearance.
	 * @return each parameter name with its values
	 */
	public Map<String, List<String>> queryParameters() {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		if (this.query.isEmpty()) {
			return parameters;
		}
		for (String pair : this.query.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	/** All request headers, in the order received, names as sent. */
	public List<Map.Entry<String, String>> headers() {
		return this.headers;
	}

	/**
	 * The first value of a header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} if the request had no such header
	 */
	public @Nullable String header(String name) {
		return this.headers.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	/**
	 * All values of a header.
	 * @param name the header name, in any case
	 * @return the values, empty if the request had no such header
	 */
	public List<String> headerValues(String name) {
		return this.headers.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.toList();
	}

	/**
	 * The request body as UTF-8 text, empty if there was none. A {@code multipart/form-data}
	 * body larger than 64 KiB is not kept: this is then a placeholder such as
	 * {@code <multipart/form-data body of 1048576 bytes: see parts()>}.
	 */
	public String body() {
		return this.body;
	}

	/**
	 * The request body as bytes, empty if there was none, and empty for a
	 * {@code multipart/form-data} body larger than 64 KiB (see {@link #parts()}).
	 */
	public byte[] bodyBytes() {
		return this.bodyBytes.clone();
	}

	/** The size of the request body in bytes, also of a multipart body that was not kept. */
	public long bodySize() {
		return this.bodySize;
	}

	/**
	 * The parts of a {@code multipart/form-data} body, in order; empty for other bodies and for
	 * a malformed form.
	 */
	public List<RecordedPart> parts() {
		return this.parts;
	}

	/**
	 * The first part of a multipart body with the given field name.
	 * @param name the field name, for example {@code file} or {@code expires_after[anchor]}
	 * @return the part, or {@code null} if there is none
	 */
	public @Nullable RecordedPart part(String name) {
		return this.parts.stream().filter((part) -> part.name().equals(name)).findFirst().orElse(null);
	}

	/** Why a {@code multipart/form-data} body could not be read, or {@code null} if it could (or was not one). */
	@Nullable String malformedForm() {
		return this.malformedForm;
	}

	/** The {@code x-request-id} the server sent back for this request. */
	public String requestId() {
		return this.requestId;
	}

	/**
	 * An identifier of the TCP connection the request came on: requests with equal identifiers
	 * shared a connection.
	 */
	public String connectionId() {
		return this.connectionId;
	}

	/** When the server had read the whole request. */
	public Instant receivedAt() {
		return this.receivedAt;
	}

	/** How the exchange ended so far. */
	public Outcome outcome() {
		return this.outcome;
	}

	/**
	 * Waits until the exchange has ended.
	 * @param timeout the longest wait
	 * @return the outcome, {@link Outcome#IN_PROGRESS} if it had not ended in time
	 * @throws InterruptedException if the waiting thread was interrupted
	 */
	public Outcome awaitOutcome(Duration timeout) throws InterruptedException {
		this.ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		return this.outcome;
	}

	void end(Outcome outcome) {
		Objects.requireNonNull(outcome, "outcome");
		synchronized (this.ended) {
			if (this.outcome == Outcome.IN_PROGRESS) {
				this.outcome = outcome;
				this.ended.countDown();
			}
		}
	}

	/**
	 * A request body as read.
	 * @param bytes the bytes, or the start of a large multipart body
	 * @param text what {@link RecordedRequest#body()} shows
	 * @param size the size of the whole body
	 * @param parts the parts of a multipart body
	 * @param malformedForm why a multipart body could not be read, or {@code null}
	 */
	record Body(byte[] bytes, String text, long size, List<RecordedPart> parts, @Nullable String malformedForm) {

		static final Body EMPTY = of(new byte[0]);

		static Body of(byte[] bytes) {
			return new Body(bytes, new String(bytes, StandardCharsets.UTF_8), bytes.length, List.of(), null);
		}

		static Body of(MultipartReader.Result form) {
			byte[] raw = form.raw();
			String text = (raw != null) ? new String(raw, StandardCharsets.UTF_8)
					: "<multipart/form-data body of " + form.size() + " bytes: see parts()>";
			return new Body((raw != null) ? raw : new byte[0], text, form.size(), form.parts(), form.failure());
		}

	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		String authorization = header("authorization");
		return "RecordedRequest{#" + this.sequence + " " + this.method + " " + this.path
				+ (this.query.isEmpty() ? "" : "?" + this.query) + ", requestId=" + this.requestId + ", connection="
				+ this.connectionId + ", authorization=" + ((authorization != null) ? "[present]" : "[absent]")
				+ ", outcome=" + this.outcome + "}";
	}

}
