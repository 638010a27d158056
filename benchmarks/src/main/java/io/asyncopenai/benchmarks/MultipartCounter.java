package io.asyncopenai.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code multipart/form-data} body as it arrives, a buffer at a time and without
 * keeping it: finds every delimiter, reads each part's headers, counts the bytes of the part
 * that carries a file, and checks that the body ends with the close delimiter. The benchmark's
 * server uses it so that an upload is really read and parsed, at a cost that stays well below
 * the client's: the file's bytes are skipped to the next {@code \r} with Netty's vectorised
 * search, and only the bytes around a {@code \r} are looked at one by one.
 */
final class MultipartCounter {

	/** A part's headers longer than this are refused: nobody sends them. */
	private static final int MAX_HEADERS = 8192;

	private enum State {

		/** In a part's content (or the preamble), looking for the next delimiter. */
		CONTENT,

		/** After a delimiter: {@code --} closes the body, {@code \r\n} starts a part. */
		AFTER_DELIMITER,

		/** In a part's headers, up to the empty line. */
		HEADERS,

		/** After the close delimiter: the epilogue, ignored. */
		CLOSED,

		/** The body is not multipart as it said. */
		MALFORMED

	}

	/** {@code \r\n--boundary}: the boundary's only {@code \r} is its first byte, so a mismatch restarts at most one byte in. */
	private final byte[] delimiter;

	private final ByteArrayOutputStream headers = new ByteArrayOutputStream(256);

	/** The last four bytes of the headers, to see the empty line that ends them. */
	private int headersTail;

	private State state = State.CONTENT;

	/** The bytes of the delimiter matched so far; the body starts with {@code --boundary}, as if after a {@code \r\n}. */
	private int matched = 2;

	/** The first one or two bytes after a delimiter. */
	private int afterDelimiter;

	private boolean inFile;

	private @Nullable String filename;

	private long fileBytes;

	private long totalBytes;

	private int parts;

	MultipartCounter(String boundary) {
		this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The boundary a {@code Content-Type} header names.
	 * @param contentType the header, or {@code null}
	 * @return the boundary, or {@code null} if the body is not {@code multipart/form-data}
	 */
	static @Nullable String boundary(@Nullable String contentType) {
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			return null;
		}
		for (String parameter : contentType.split(";")) {
			String trimmed = parameter.trim();
			if (trimmed.regionMatches(true, 0, "boundary=", 0, 9)) {
				String boundary = trimmed.substring(9);
				if (boundary.length() > 1 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
					boundary = boundary.substring(1, boundary.length() - 1);
				}
				return boundary.isEmpty() ? null : boundary;
			}
		}
		return null;
	}

	/**
	 * Reads the next buffer of the body; the buffer's reader index is left as it was.
	 * @param buffer the buffer
	 */
	void feed(ByteBuf buffer) {
		int end = buffer.writerIndex();
		int at = buffer.readerIndex();
		this.totalBytes += end - at;
		while (at < end && this.state != State.CLOSED && this.state != State.MALFORMED) {
			at = switch (this.state) {
				case CONTENT -> content(buffer, at, end);
				case AFTER_DELIMITER -> afterDelimiter(buffer.getByte(at), at);
				case HEADERS -> header(buffer.getByte(at), at);
				default -> end;
			};
		}
	}

	private int content(ByteBuf buffer, int at, int end) {
		if (this.matched == 0) {
			// Skip to the next byte that can start a delimiter: all before it is content.
			int cr = buffer.indexOf(at, end, (byte) '\r');
			int next = (cr < 0) ? end : cr;
			count(next - at);
			if (cr < 0) {
				return end;
			}
			at = cr;
		}
		byte b = buffer.getByte(at);
		if (b == this.delimiter[this.matched]) {
			this.matched++;
			if (this.matched == this.delimiter.length) {
				this.matched = 0;
				this.afterDelimiter = 0;
				this.state = State.AFTER_DELIMITER;
			}
		}
		else {
			// What matched was content after all; this byte may start the delimiter again.
			count(this.matched);
			this.matched = (b == '\r') ? 1 : 0;
			if (this.matched == 0) {
				count(1);
			}
		}
		return at + 1;
	}

	private void count(int bytes) {
		if (this.inFile) {
			this.fileBytes += bytes;
		}
	}

	private int afterDelimiter(byte b, int at) {
		if (this.afterDelimiter == 0) {
			this.afterDelimiter = b;
		}
		else if (this.afterDelimiter == '-' && b == '-') {
			this.state = State.CLOSED;
		}
		else if (this.afterDelimiter == '\r' && b == '\n') {
			this.headers.reset();
			this.headersTail = 0x0d0a;
			this.state = State.HEADERS;
		}
		else {
			this.state = State.MALFORMED;
		}
		return at + 1;
	}

	private int header(byte b, int at) {
		this.headers.write(b);
		this.headersTail = (this.headersTail << 8) | (b & 0xff);
		if (this.headers.size() > MAX_HEADERS) {
			this.state = State.MALFORMED;
		}
		else if (this.headersTail == 0x0d0a0d0a) {
			// The delimiter's own \r\n counts as the first line end: a part without headers ends at once.
			String text = this.headers.toString(StandardCharsets.UTF_8);
			this.parts++;
			this.inFile = false;
			int name = text.indexOf("filename=\"");
			if (name >= 0) {
				int close = text.indexOf('"', name + 10);
				if (close > 0 && this.filename == null) {
					this.filename = text.substring(name + 10, close);
					this.inFile = true;
				}
			}
			this.matched = 0;
			this.state = State.CONTENT;
		}
		return at + 1;
	}

	/** Whether the body has ended with its close delimiter and held a file. */
	boolean complete() {
		return this.state == State.CLOSED && this.filename != null;
	}

	/** The name of the body's first file, or {@code null}. */
	@Nullable String filename() {
		return this.filename;
	}

	/** The bytes of the body's first file. */
	long fileBytes() {
		return this.fileBytes;
	}

	/** The bytes of the body. */
	long totalBytes() {
		return this.totalBytes;
	}

	/** The parts of the body. */
	int parts() {
		return this.parts;
	}

}
