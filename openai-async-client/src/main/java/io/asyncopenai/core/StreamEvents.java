package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.APIException;

/**
 * Turns the data of one Server-Sent Event into its type, or into the error the event reports.
 */
final class StreamEvents {

	private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

	/** How far the search for {@code "error"} may move on, by the byte under its last place. */
	private static final int[] ERROR_SKIPS = errorSkips();

	private final JsonMapper mapper;

	private final ErrorMapper errors;

	/** A reader per event type: there are a few types, and a reader has found its deserializer. */
	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	StreamEvents(JsonMapper mapper, ErrorMapper errors) {
		this.mapper = mapper;
		this.errors = errors;
	}

	/**
	 * Whether an event's data, part of an array, is the {@code [DONE]} that ends an OpenAI
	 * stream.
	 */
	static boolean isDone(byte[] data, int offset, int length) {
		return length >= DONE.length && Arrays.equals(data, offset, offset + DONE.length, DONE, 0, DONE.length);
	}

	/**
	 * One event's data as its type, as {@link #decode(byte[], int, int, Class)} decodes it.
	 */
	<T> T decode(byte[] data, Class<T> type) {
		return decode(data, 0, data.length, type);
	}

	/**
	 * One event's data as its type. Data without an {@code "error"} anywhere is bound directly;
	 * other data is read as a tree first, so that an {@code error} member ends the stream and
	 * an {@code "error": null} member does not.
	 * @param data an array holding the event's data in UTF-8, read where it lies
	 * @param offset where the data starts
	 * @param length the data's length
	 * @param type the type of the event
	 * @param <T> the type of the event
	 * @return the event
	 * @throws APIException if the event reports an error or its data does not fit the type
	 */
	<T> T decode(byte[] data, int offset, int length, Class<T> type) {
		return decode(data, offset, length, type, reader(type));
	}

	/**
	 * The reader of an event type, which a stream finds once for all its events.
	 */
	ObjectReader reader(Class<?> type) {
		return this.readers.computeIfAbsent(type, this.mapper::readerFor);
	}

	/**
	 * One event's data as its type, as {@link #decode(byte[], int, int, Class)} decodes it, with
	 * the type's {@link #reader(Class) reader}.
	 */
	<T> T decode(byte[] data, int offset, int length, Class<T> type, ObjectReader reader) {
		try {
			if (!mentionsError(data, offset, length)) {
				return reader.readValue(data, offset, length);
			}
			JsonNode json = this.mapper.readTree(data, offset, length);
			JsonNode error = json.path("error");
			if (!error.isMissingNode() && !error.isNull()) {
				throw this.errors.streamError(json, text(data, offset, length));
			}
			return this.mapper.treeToValue(json, type);
		}
		catch (JacksonException ex) {
			throw new APIException("Could not parse a stream event as " + type.getSimpleName() + ": "
					+ ex.getOriginalMessage(), text(data, offset, length), ex);
		}
	}

	/**
	 * Whether the data has {@code "error"} anywhere. Every event is searched, so the search
	 * skips ahead as Boyer-Moore-Horspool does: JSON text rarely holds the bytes of
	 * {@code "error"}, and most steps skip five or six bytes.
	 */
	static boolean mentionsError(byte[] data, int offset, int length) {
		int last = ERROR.length - 1;
		for (int at = offset, end = offset + length - last; at < end;) {
			byte tail = data[at + last];
			if (tail == '"' && data[at] == '"' && data[at + 1] == 'e' && data[at + 2] == 'r' && data[at + 3] == 'r'
					&& data[at + 4] == 'o' && data[at + 5] == 'r') {
				return true;
			}
			at += ERROR_SKIPS[tail & 0xFF];
		}
		return false;
	}

	private static int[] errorSkips() {
		int[] skips = new int[256];
		Arrays.fill(skips, ERROR.length);
		for (int i = 0; i < ERROR.length - 1; i++) {
			skips[ERROR[i] & 0xFF] = ERROR.length - 1 - i;
		}
		return skips;
	}

	private static String text(byte[] data, int offset, int length) {
		return new String(data, offset, length, StandardCharsets.UTF_8);
	}

}
