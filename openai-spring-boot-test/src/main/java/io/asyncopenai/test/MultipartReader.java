package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code multipart/form-data} body (RFC 7578, RFC 2046) as its bytes arrive, so that a
 * body of any size passes with only a network buffer and a delimiter's length of it in memory:
 * large parts are spooled to files while their size and SHA-256 are computed.
 *
 * <p>A malformed body is not an exception: the reader notes why, ignores the rest of the body
 * (which the connection must still read) and {@link #finish()} reports it.
 */
final class MultipartReader {

	/** The size of the start of a body kept to show as {@link RecordedRequest#body()}. */
	static final int RAW_LIMIT = 64 * 1024;

	private static final int HEADERS_LIMIT = 16 * 1024;

	private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(?:\"([^\"]+)\"|([^;\\s]+))");

	private static final byte[] CRLF = { '\r', '\n' };

	private enum State {

		PREAMBLE, DELIMITER_END, HEADERS, BODY, EPILOGUE, FAILED

	}

	private final Supplier<Path> spoolDirectory;

	private final byte @Nullable [] delimiter;

	private final List<RecordedPart> parts = new ArrayList<>();

	private State state;

	private @Nullable String failure;

	// Bytes of the previous buffer that may start a delimiter (or an unfinished header block).
	private byte[] carry;

	private @Nullable PartWriter part;

	private long size;

	private @Nullable ByteArrayOutputStream raw = new ByteArrayOutputStream();

	/**
	 * A reader for a body of the given content type.
	 * @param contentType the request's {@code Content-Type}
	 * @param spoolDirectory where large parts go, asked for only when one is large
	 */
	MultipartReader(String contentType, Supplier<Path> spoolDirectory) {
		this.spoolDirectory = spoolDirectory;
		String boundary = boundary(contentType);
		if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
			this.delimiter = null;
			this.state = State.FAILED;
			this.failure = "the Content-Type has no valid boundary parameter";
		}
		else {
			this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
			this.state = State.PREAMBLE;
		}
		// The first delimiter has no CRLF before it: as if the body started with one.
		this.carry = CRLF.clone();
	}

	/** Whether a content type is {@code multipart/form-data}. */
	static boolean isMultipart(@Nullable String contentType) {
		return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
	}

	static @Nullable String boundary(String contentType) {
		Matcher matcher = BOUNDARY.matcher(contentType);
		if (!matcher.find()) {
			return null;
		}
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

	/** Reads the readable bytes of a buffer without consuming or releasing it. */
	void feed(ByteBuf buffer) {
		int length = buffer.readableBytes();
		byte[] data = new byte[this.carry.length + length];
		System.arraycopy(this.carry, 0, data, 0, this.carry.length);
		buffer.getBytes(buffer.readerIndex(), data, this.carry.length, length);
		accept(data, this.carry.length);
	}

	void feed(byte[] bytes, int offset, int length) {
		byte[] data = new byte[this.carry.length + length];
		System.arraycopy(this.carry, 0, data, 0, this.carry.length);
		System.arraycopy(bytes, offset, data, this.carry.length, length);
		accept(data, this.carry.length);
	}

	/** Takes the new bytes of {@code data}, which start at {@code start} after the carried ones. */
	private void accept(byte[] data, int start) {
		int length = data.length - start;
		this.size += length;
		if (this.raw != null) {
			if (this.raw.size() + length <= RAW_LIMIT) {
				this.raw.write(data, start, length);
			}
			else {
				this.raw = null;
			}
		}
		if (this.state == State.FAILED || this.state == State.EPILOGUE) {
			return;
		}
		try {
			int consumed = parse(data);
			this.carry = Arrays.copyOfRange(data, consumed, data.length);
		}
		catch (IOException ex) {
			fail("could not spool a part: " + ex.getMessage());
		}
	}

	/** Parses as much of {@code data} as it can; returns how many bytes it consumed. */
	private int parse(byte[] data) throws IOException {
		byte[] delimiter = this.delimiter;
		int position = 0;
		while (true) {
			switch (this.state) {
				case PREAMBLE, BODY -> {
					int found = indexOf(data, delimiter, position);
					if (found < 0) {
						// Everything but a possible start of the delimiter is content.
						int safe = Math.max(position, data.length - delimiter.length + 1);
						if (this.state == State.BODY) {
							this.part.write(data, position, safe - position);
						}
						return safe;
					}
					if (this.state == State.BODY) {
						this.part.write(data, position, found - position);
						this.parts.add(this.part.finish());
						this.part = null;
					}
					position = found + delimiter.length;
					this.state = State.DELIMITER_END;
				}
				case DELIMITER_END -> {
					if (data.length - position < 2) {
						return position;
					}
					if (data[position] == '-' && data[position + 1] == '-') {
						this.state = State.EPILOGUE;
						return data.length;
					}
					int end = position;
					while (end < data.length && (data[end] == ' ' || data[end] == '\t')) {
						end++;
					}
					if (data.length - end < 2) {
						if (end - position > 256) {
							fail("a delimiter is followed by too much white space");
							return data.length;
						}
						return position;
					}
					if (data[end] != '\r' || data[end + 1] != '\n') {
						fail("a delimiter is not followed by CRLF");
						return data.length;
					}
					position = end + 2;
					this.state = State.HEADERS;
				}
				case HEADERS -> {
					int end = indexOf(data, CRLF, position);
					// An empty header block ends at once; otherwise it ends with an empty line.
					int blockEnd = (end == position) ? position : indexOf(data, new byte[] { '\r', '\n', '\r', '\n' },
							position);
					if (blockEnd < 0) {
						if (data.length - position > HEADERS_LIMIT) {
							fail("the headers of a part are longer than " + HEADERS_LIMIT + " bytes");
							return data.length;
						}
						return position;
					}
					String block = new String(data, position, blockEnd - position, StandardCharsets.UTF_8);
					position = (end == position) ? position + 2 : blockEnd + 4;
					if (!startPart(block)) {
						return data.length;
					}
					this.state = State.BODY;
				}
				default -> {
					return data.length;
				}
			}
		}
	}

	private boolean startPart(String block) {
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		for (String line : block.split("\r\n")) {
			if (line.isEmpty()) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				fail("a part has a malformed header line");
				return false;
			}
			headers.add(new AbstractMap.SimpleImmutableEntry<>(line.substring(0, colon).strip(),
					line.substring(colon + 1).strip()));
		}
		String disposition = header(headers, "content-disposition");
		if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
			fail("a part has no Content-Disposition: form-data header");
			return false;
		}
		Map<String, String> parameters = parameters(disposition);
		String name = parameters.get("name");
		if (name == null || name.isEmpty()) {
			fail("a part has no name");
			return false;
		}
		String filename = parameters.containsKey("filename*") ? extended(parameters.get("filename*"))
				: parameters.get("filename");
		this.part = new PartWriter(name, filename, header(headers, "content-type"), headers, this.spoolDirectory);
		return true;
	}

	/**
	 * What the body held, or why it could not be read. Deletes what was spooled if it failed.
	 */
	Result finish() {
		if (this.state != State.FAILED && this.state != State.EPILOGUE) {
			fail((this.state == State.PREAMBLE) ? "the body has no part" : "the body has no closing delimiter");
		}
		byte[] raw = (this.raw != null) ? this.raw.toByteArray() : null;
		return new Result(List.copyOf(this.parts), this.failure, this.size, raw);
	}

	/** Deletes what was spooled, for a body that will not be recorded. */
	void discard() {
		if (this.part != null) {
			this.part.discard();
			this.part = null;
		}
		this.parts.forEach(MultipartReader::delete);
		this.parts.clear();
	}

	private void fail(String reason) {
		if (this.state != State.FAILED) {
			this.failure = reason;
			this.state = State.FAILED;
			discard();
		}
	}

	private static void delete(RecordedPart part) {
		Path file = part.file();
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// Goes with the server's directory at the latest.
			}
		}
	}

	private static @Nullable String header(List<Map.Entry<String, String>> headers, String name) {
		return headers.stream()
			.filter((header) -> header.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	/** The parameters of a {@code Content-Disposition}, names in lower case, quoted values unescaped. */
	static Map<String, String> parameters(String disposition) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int i = disposition.indexOf(';');
		while (i >= 0 && i < disposition.length()) {
			i++;
			while (i < disposition.length() && Character.isWhitespace(disposition.charAt(i))) {
				i++;
			}
			int equals = disposition.indexOf('=', i);
			if (equals < 0) {
				break;
			}
			String name = disposition.substring(i, equals).strip().toLowerCase(Locale.ROOT);
			i = equals + 1;
			StringBuilder value = new StringBuilder();
			if (i < disposition.length() && disposition.charAt(i) == '"') {
				i++;
				while (i < disposition.length() && disposition.charAt(i) != '"') {
					char c = disposition.charAt(i);
					if (c == '\\' && i + 1 < disposition.length()) {
						c = disposition.charAt(++i);
					}
					value.append(c);
					i++;
				}
				i = disposition.indexOf(';', i);
			}
			else {
				int end = disposition.indexOf(';', i);
				value.append(disposition, i, (end < 0) ? disposition.length() : end);
				i = end;
			}
			parameters.putIfAbsent(name, value.toString().strip());
		}
		return parameters;
	}

	/** An RFC 5987 value such as {@code UTF-8''na%C3%AFve.txt}. */
	private static String extended(String value) {
		int quotes = value.indexOf("''");
		String encoded = (quotes >= 0) ? value.substring(quotes + 2) : value;
		return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	static int indexOf(byte[] data, byte[] pattern, int from) {
		byte first = pattern[0];
		int last = data.length - pattern.length;
		outer: for (int i = from; i <= last; i++) {
			if (data[i] != first) {
				continue;
			}
			for (int j = 1; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * The parts of a body, or why it was malformed.
	 * @param parts the parts read
	 * @param failure why the body is malformed, or {@code null}
	 * @param size the size of the whole body
	 * @param raw the whole body if it is at most {@value #RAW_LIMIT} bytes, else {@code null}
	 */
	record Result(List<RecordedPart> parts, @Nullable String failure, long size, byte @Nullable [] raw) {

	}

	/**
	 * The content of one part: in memory while small, then in a file.
	 */
	private static final class PartWriter {

		private final String name;

		private final @Nullable String filename;

		private final @Nullable String contentType;

		private final List<Map.Entry<String, String>> headers;

		private final Supplier<Path> spoolDirectory;

		private final MessageDigest digest;

		private @Nullable ByteArrayOutputStream memory = new ByteArrayOutputStream();

		private @Nullable Path file;

		private @Nullable OutputStream out;

		private long size;

		PartWriter(String name, @Nullable String filename, @Nullable String contentType,
				List<Map.Entry<String, String>> headers, Supplier<Path> spoolDirectory) {
			this.name = name;
			this.filename = filename;
			this.contentType = contentType;
			this.headers = headers;
			this.spoolDirectory = spoolDirectory;
			this.digest = sha256();
		}

		void write(byte[] bytes, int offset, int length) throws IOException {
			if (length == 0) {
				return;
			}
			this.digest.update(bytes, offset, length);
			this.size += length;
			if (this.memory != null && this.memory.size() + length > RecordedPart.MEMORY_LIMIT) {
				this.file = Files.createTempFile(this.spoolDirectory.get(), "part-", ".bin");
				this.out = Files.newOutputStream(this.file);
				this.memory.writeTo(this.out);
				this.memory = null;
			}
			if (this.memory != null) {
				this.memory.write(bytes, offset, length);
			}
			else {
				this.out.write(bytes, offset, length);
			}
		}

		RecordedPart finish() throws IOException {
			if (this.out != null) {
				this.out.close();
			}
			return new RecordedPart(this.name, this.filename, this.contentType, this.headers, this.size,
					HexFormat.of().formatHex(this.digest.digest()),
					(this.memory != null) ? this.memory.toByteArray() : null, this.file);
		}

		void discard() {
			try {
				if (this.out != null) {
					this.out.close();
				}
				if (this.file != null) {
					Files.deleteIfExists(this.file);
				}
			}
			catch (IOException ex) {
				// Goes with the server's directory at the latest.
			}
		}

	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
