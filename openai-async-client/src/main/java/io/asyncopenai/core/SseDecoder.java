package io.asyncopenai.core;

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

	private static final byte[] DATA = { 'd', 'a', 't', 'a' };

	private static final byte[] EVENT = { 'e', 'v', 'e', 'n', 't' };

	private static final byte[] ID = { 'i', 'd' };

	private final int maxLineBytes;

	private byte[] line = new byte[256];

	private int lineLength;

	private boolean skipLineFeed;

	private @Nullable String eventType;

	/** The event's data lines so far, joined with LF, or {@code null} before its first. */
	private byte @Nullable [] data;

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
		int end = offset + length;
		int at = offset;
		if (this.skipLineFeed && at < end) {
			this.skipLineFeed = false;
			if (bytes[at] == '\n') {
				at++;
			}
		}
		while (at < end) {
			int lineEnd = at;
			while (lineEnd < end && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
				lineEnd++;
			}
			append(bytes, at, lineEnd - at);
			if (lineEnd == end) {
				break;
			}
			SseEvent event = endOfLine();
			if (event != null) {
				events.add(event);
			}
			at = lineEnd + 1;
			if (bytes[lineEnd] == '\r') {
				if (at == end) {
					this.skipLineFeed = true;
				}
				else if (bytes[at] == '\n') {
					at++;
				}
			}
		}
		return events;
	}

	private void append(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return;
		}
		if (this.lineLength + length > this.maxLineBytes) {
			throw new APIException("A Server-Sent Events line is longer than " + this.maxLineBytes
					+ " bytes; the stream was stopped", null, null);
		}
		if (this.lineLength + length > this.line.length) {
			int grown = (int) Math.min(this.maxLineBytes, Math.max((long) this.line.length * 2, this.lineLength + length));
			this.line = Arrays.copyOf(this.line, grown);
		}
		System.arraycopy(bytes, offset, this.line, this.lineLength, length);
		this.lineLength += length;
	}

	private @Nullable SseEvent endOfLine() {
		int length = this.lineLength;
		this.lineLength = 0;
		if (length == 0) {
			return dispatch();
		}
		if (this.line[0] == ':') {
			return null;
		}
		int colon = 0;
		while (colon < length && this.line[colon] != ':') {
			colon++;
		}
		int valueStart = Math.min(colon + 1, length);
		if (valueStart < length && this.line[valueStart] == ' ') {
			valueStart++;
		}
		if (isField(DATA, colon)) {
			addData(valueStart, length);
		}
		else if (isField(EVENT, colon)) {
			this.eventType = text(valueStart, length);
		}
		else if (isField(ID, colon)) {
			String value = text(valueStart, length);
			if (value.indexOf('\0') < 0) {
				this.lastEventId = value;
			}
		}
		// "retry" and unknown fields do not concern a client that never reconnects.
		return null;
	}

	private boolean isField(byte[] name, int length) {
		return length == name.length && Arrays.equals(this.line, 0, length, name, 0, length);
	}

	private String text(int from, int to) {
		return new String(this.line, from, to - from, StandardCharsets.UTF_8);
	}

	private void addData(int from, int to) {
		if (this.data == null) {
			this.data = Arrays.copyOfRange(this.line, from, to);
			return;
		}
		// A second data line: rare, so the bytes are simply joined again.
		byte[] joined = Arrays.copyOf(this.data, this.data.length + 1 + (to - from));
		joined[this.data.length] = '\n';
		System.arraycopy(this.line, from, joined, this.data.length + 1, to - from);
		this.data = joined;
	}

	private @Nullable SseEvent dispatch() {
		SseEvent event = (this.data != null) ? new SseEvent(emptyToNull(this.eventType), this.data, this.lastEventId)
				: null;
		this.data = null;
		this.eventType = null;
		return event;
	}

	private static @Nullable String emptyToNull(@Nullable String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

}
