package io.asyncopenai.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.errors.APIException;

/**
 * Turns the bytes of a {@code text/event-stream} into events, as the WHATWG HTML standard
 * parses them: lines end with CR, LF or CRLF (also when CR and LF arrive in different reads),
 * {@code :} starts a comment, {@code data} lines of one event are joined with LF, an empty line
 * dispatches the event, and an event without data is not dispatched. Not thread-safe: one
 * decoder per stream.
 */
final class SseDecoder {

	private final int maxLineBytes;

	private byte[] line = new byte[256];

	private int lineLength;

	private boolean skipLineFeed;

	private @Nullable String eventType;

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private @Nullable String lastEventId;

	SseDecoder(int maxLineBytes) {
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * Feeds the next bytes of the stream.
	 * @return the events these bytes complete, in order
	 * @throws APIException if a line grows past the limit
	 */
	List<SseEvent> feed(byte[] bytes, int offset, int length) {
		List<SseEvent> events = new ArrayList<>(2);
		for (int i = offset; i < offset + length; i++) {
			byte b = bytes[i];
			if (this.skipLineFeed) {
				this.skipLineFeed = false;
				if (b == '\n') {
					continue;
				}
			}
			if (b == '\r' || b == '\n') {
				this.skipLineFeed = (b == '\r');
				SseEvent event = endOfLine();
				if (event != null) {
					events.add(event);
				}
			}
			else {
				append(b);
			}
		}
		return events;
	}

	private void append(byte b) {
		if (this.lineLength >= this.maxLineBytes) {
			throw new APIException("A Server-Sent Events line is longer than " + this.maxLineBytes
					+ " bytes; the stream was stopped", null, null);
		}
		if (this.lineLength == this.line.length) {
			this.line = Arrays.copyOf(this.line, (int) Math.min(this.maxLineBytes, (long) this.line.length * 2));
		}
		this.line[this.lineLength++] = b;
	}

	private @Nullable SseEvent endOfLine() {
		String text = new String(this.line, 0, this.lineLength, StandardCharsets.UTF_8);
		this.lineLength = 0;
		if (text.isEmpty()) {
			return dispatch();
		}
		if (text.charAt(0) == ':') {
			return null;
		}
		int colon = text.indexOf(':');
		String field = (colon >= 0) ? text.substring(0, colon) : text;
		String value = (colon >= 0) ? text.substring(colon + 1) : "";
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "data" -> {
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(value);
				this.hasData = true;
			}
			case "event" -> this.eventType = value;
			case "id" -> {
				if (value.indexOf('\0') < 0) {
					this.lastEventId = value;
				}
			}
			default -> {
				// "retry" and unknown fields do not concern a client that never reconnects.
			}
		}
		return null;
	}

	private @Nullable SseEvent dispatch() {
		SseEvent event = this.hasData ? new SseEvent(emptyToNull(this.eventType), this.data.toString(), this.lastEventId)
				: null;
		this.data.setLength(0);
		this.hasData = false;
		this.eventType = null;
		return event;
	}

	private static @Nullable String emptyToNull(@Nullable String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

}
