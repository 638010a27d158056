package io.asyncopenai.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 *
 * <p>Streams mostly deliver whole events, one or a few per read. An event whose one data line
 * lies within the bytes being fed is handed to the listener where it lies, without a copy;
 * only lines and events cut by a read boundary are copied, and only the part read so far.
 */
final class SseDecoder {

	/** Receives each event as it is dispatched. */
	@FunctionalInterface
	interface Listener {

		/**
		 * One event. The data is only valid during the call: the array may be the caller's
		 * read buffer or the decoder's own, both reused afterwards.
		 * @param event the {@code event:} field, or {@code null} if the event had none
		 * @param data an array holding the event's data in UTF-8
		 * @param offset where the data starts
		 * @param length the data's length in bytes
		 * @param id the last {@code id:} field seen, or {@code null}
		 */
		void event(@Nullable String event, byte[] data, int offset, int length, @Nullable String id);

	}

	private static final byte[] DATA = { 'd', 'a', 't', 'a' };

	private static final byte[] EVENT = { 'e', 'v', 'e', 'n', 't' };

	private static final byte[] ID = { 'i', 'd' };

	private static final byte[] NONE = new byte[0];

	/** Reads eight bytes of an array as a long, the first byte lowest, as {@link #lineEnd} needs. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;

	private static final long CARRIAGE_RETURNS = 0x0D0D0D0D0D0D0D0DL;

	private final int maxLineBytes;

	/** The start of a line cut by the end of a read; allocated when a line is first cut. */
	private byte[] line = NONE;

	private int lineLength;

	private boolean skipLineFeed;

	private @Nullable String eventType;

	/** The array the event's data is in: the bytes being fed, or {@link #ownData}. */
	private byte @Nullable [] data;

	private int dataOffset;

	private int dataLength;

	/** The event's data once it had to be kept past a read or joined from several lines. */
	private byte[] ownData = NONE;

	private @Nullable String lastEventId;

	SseDecoder(int maxLineBytes) {
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * Feeds the next bytes of the stream and hands each event they complete to the listener,
	 * in order, before returning. The bytes may be reused once this returns.
	 * @throws APIException if a line grows past the limit
	 */
	void feed(byte[] bytes, int offset, int length, Listener listener) {
		int end = offset + length;
		int at = offset;
		if (this.skipLineFeed && at < end) {
			this.skipLineFeed = false;
			if (bytes[at] == '\n') {
				at++;
			}
		}
		while (at < end) {
			int lineEnd = lineEnd(bytes, at, end);
			if (lineEnd == end) {
				appendToLine(bytes, at, lineEnd - at);
				break;
			}
			if (this.lineLength > 0) {
				appendToLine(bytes, at, lineEnd - at);
				int cutLength = this.lineLength;
				this.lineLength = 0;
				endOfLine(this.line, 0, cutLength, false, listener);
			}
			else {
				checkLineLength(lineEnd - at);
				endOfLine(bytes, at, lineEnd - at, true, listener);
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
		if (this.data == bytes) {
			keepData(this.dataLength);
		}
	}

	/**
	 * Feeds the next bytes of the stream.
	 * @return the events these bytes complete, in order, each with its own copy of its data
	 * @throws APIException if a line grows past the limit
	 */
	List<SseEvent> feed(byte[] bytes, int offset, int length) {
		List<SseEvent> events = new ArrayList<>(2);
		feed(bytes, offset, length,
				(event, data, dataOffset, dataLength, id) -> events.add(SseEvent.copyOf(event, data, dataOffset, dataLength, id)));
		return events;
	}

	/**
	 * Where the first CR or LF lies from {@code from}, or {@code to} if none does. Eight bytes
	 * are tested at a time: every event's bytes are searched, and most are JSON text.
	 */
	static int lineEnd(byte[] bytes, int from, int to) {
		int at = from;
		for (int last = to - Long.BYTES; at <= last; at += Long.BYTES) {
			long word = (long) LONGS.get(bytes, at);
			long found = zeroBytes(word ^ LINE_FEEDS) | zeroBytes(word ^ CARRIAGE_RETURNS);
			if (found != 0) {
				return at + (Long.numberOfTrailingZeros(found) >>> 3);
			}
		}
		while (at < to && bytes[at] != '\n' && bytes[at] != '\r') {
			at++;
		}
		return at;
	}

	/**
	 * The high bit of each zero byte of a word. Bits above the lowest may be wrong, where a
	 * borrow passes on; the lowest, which is the one read, is exact.
	 */
	private static long zeroBytes(long word) {
		return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
	}

	private void appendToLine(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return;
		}
		checkLineLength(this.lineLength + length);
		if (this.lineLength + length > this.line.length) {
			int grown = (int) Math.min(this.maxLineBytes,
					Math.max(Math.max((long) this.line.length * 2, 256), this.lineLength + length));
			this.line = Arrays.copyOf(this.line, grown);
		}
		System.arraycopy(bytes, offset, this.line, this.lineLength, length);
		this.lineLength += length;
	}

	private void checkLineLength(int length) {
		if (length > this.maxLineBytes) {
			throw new APIException("A Server-Sent Events line is longer than " + this.maxLineBytes
					+ " bytes; the stream was stopped", null, null);
		}
	}

	/**
	 * Handles one whole line.
	 * @param inPlace whether the line lies in the bytes being fed, which may hold the data
	 * until the end of the feed; otherwise it is in {@link #line}, which the next cut line
	 * overwrites
	 */
	private void endOfLine(byte[] bytes, int offset, int length, boolean inPlace, Listener listener) {
		if (length == 0) {
			dispatch(listener);
			return;
		}
		if (bytes[offset] == ':') {
			return;
		}
		int end = offset + length;
		int colon = offset;
		while (colon < end && bytes[colon] != ':') {
			colon++;
		}
		int valueStart = Math.min(colon + 1, end);
		if (valueStart < end && bytes[valueStart] == ' ') {
			valueStart++;
		}
		int nameLength = colon - offset;
		if (isField(DATA, bytes, offset, nameLength)) {
			addData(bytes, valueStart, end - valueStart, inPlace);
		}
		else if (isField(EVENT, bytes, offset, nameLength)) {
			this.eventType = new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
		}
		else if (isField(ID, bytes, offset, nameLength)) {
			String value = new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
			if (value.indexOf('\0') < 0) {
				this.lastEventId = value;
			}
		}
		// "retry" and unknown fields do not concern a client that never reconnects.
	}

	private static boolean isField(byte[] name, byte[] bytes, int offset, int length) {
		return length == name.length && Arrays.equals(bytes, offset, offset + length, name, 0, length);
	}

	private void addData(byte[] bytes, int offset, int length, boolean inPlace) {
		if (this.data == null && inPlace) {
			this.data = bytes;
			this.dataOffset = offset;
			this.dataLength = length;
			return;
		}
		// A line cut by a read, or a second data line (rare): the data is gathered in ownData.
		if (this.data == null) {
			keepData(length);
		}
		else {
			keepData(this.dataLength + 1 + length);
			this.ownData[this.dataLength++] = '\n';
		}
		System.arraycopy(bytes, offset, this.ownData, this.dataLength, length);
		this.dataLength += length;
	}

	/**
	 * Moves the data so far, if any, to the start of {@link #ownData}, which is grown to hold
	 * at least a given length.
	 */
	private void keepData(int capacity) {
		if (this.data == this.ownData && capacity <= this.ownData.length) {
			return;
		}
		byte[] target = (capacity <= this.ownData.length && this.data != this.ownData) ? this.ownData
				: new byte[Math.max(capacity, Math.max(this.ownData.length * 2, 256))];
		if (this.data != null) {
			System.arraycopy(this.data, this.dataOffset, target, 0, this.dataLength);
		}
		else {
			this.dataLength = 0;
		}
		this.ownData = target;
		this.data = target;
		this.dataOffset = 0;
	}

	private void dispatch(Listener listener) {
		byte[] eventData = this.data;
		String type = (this.eventType == null || this.eventType.isEmpty()) ? null : this.eventType;
		this.data = null;
		this.eventType = null;
		if (eventData != null) {
			int offset = this.dataOffset;
			int length = this.dataLength;
			this.dataLength = 0;
			this.dataOffset = 0;
			listener.event(type, eventData, offset, length, this.lastEventId);
		}
	}

}
