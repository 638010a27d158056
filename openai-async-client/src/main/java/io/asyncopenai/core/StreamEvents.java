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

	private final JsonMapper mapper;

	private final ErrorMapper errors;

	/** A reader per event type: there are a few types, and a reader has found its deserializer. */
	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	StreamEvents(JsonMapper mapper, ErrorMapper errors) {
		this.mapper = mapper;
		this.errors = errors;
	}

	/**
	 * Whether an event's data is the {@code [DONE]} that ends an OpenAI stream.
	 * @param data the event's data in UTF-8
	 * @return whether the stream is done
	 */
	static boolean isDone(byte[] data) {
		return data.length >= DONE.length && Arrays.equals(data, 0, DONE.length, DONE, 0, DONE.length);
	}

	/**
	 * One event's data as its type. Data without an {@code "error"} anywhere is bound directly;
	 * other data is read as a tree first, so that an {@code error} member ends the stream and
	 * an {@code "error": null} member does not.
	 * @param data the event's data in UTF-8
	 * @param type the type of the event
	 * @param <T> the type of the event
	 * @return the event
	 * @throws APIException if the event reports an error or its data does not fit the type
	 */
	<T> T decode(byte[] data, Class<T> type) {
		try {
			if (!mentionsError(data)) {
				return this.readers.computeIfAbsent(type, this.mapper::readerFor).readValue(data);
			}
			JsonNode json = this.mapper.readTree(data);
			JsonNode error = json.path("error");
			if (!error.isMissingNode() && !error.isNull()) {
				throw this.errors.streamError(json, text(data));
			}
			return this.mapper.treeToValue(json, type);
		}
		catch (JacksonException ex) {
			throw new APIException("Could not parse a stream event as " + type.getSimpleName() + ": "
					+ ex.getOriginalMessage(), text(data), ex);
		}
	}

	/** Whether the data has {@code "error"} anywhere, in one pass that compares bytes in place. */
	private static boolean mentionsError(byte[] data) {
		for (int at = 0, last = data.length - 7; at <= last; at++) {
			if (data[at] == '"' && data[at + 1] == 'e' && data[at + 2] == 'r' && data[at + 3] == 'r'
					&& data[at + 4] == 'o' && data[at + 5] == 'r' && data[at + 6] == '"') {
				return true;
			}
		}
		return false;
	}

	private static String text(byte[] data) {
		return new String(data, StandardCharsets.UTF_8);
	}

}
