package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event as the stream delivered it. Its data stays in the UTF-8 bytes it
 * arrived in, which the JSON parser reads fastest, and becomes text only when asked.
 */
final class SseEvent {

	private final @Nullable String event;

	private final byte[] data;

	private final @Nullable String id;

	/**
	 * An event.
	 * @param event the {@code event:} field, or {@code null} if the event had none
	 * @param data the {@code data:} lines joined with {@code \n}, in UTF-8
	 * @param id the last {@code id:} field seen, or {@code null}
	 */
	SseEvent(@Nullable String event, byte[] data, @Nullable String id) {
		this.event = event;
		this.data = data;
		this.id = id;
	}

	/**
	 * An event whose data is copied out of an array the decoder reuses.
	 */
	static SseEvent copyOf(@Nullable String event, byte[] data, int offset, int length, @Nullable String id) {
		return new SseEvent(event, Arrays.copyOfRange(data, offset, offset + length), id);
	}

	SseEvent(@Nullable String event, String data, @Nullable String id) {
		this(event, data.getBytes(StandardCharsets.UTF_8), id);
	}

	@Nullable String event() {
		return this.event;
	}

	/** The data in UTF-8; not a copy. */
	byte[] dataBytes() {
		return this.data;
	}

	String data() {
		return new String(this.data, StandardCharsets.UTF_8);
	}

	@Nullable String id() {
		return this.id;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof SseEvent that && Objects.equals(this.event, that.event)
				&& Arrays.equals(this.data, that.data) && Objects.equals(this.id, that.id);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.event, Arrays.hashCode(this.data), this.id);
	}

	@Override
	public String toString() {
		return "SseEvent[event=" + this.event + ", data=" + data() + ", id=" + this.id + "]";
	}

}
