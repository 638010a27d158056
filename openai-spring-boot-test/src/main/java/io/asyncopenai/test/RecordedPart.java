package io.asyncopenai.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One part of a {@code multipart/form-data} request body, as {@link MockOpenAIServer} read it.
 *
 * <p>Small parts are kept in memory; a part larger than {@value #MEMORY_LIMIT} bytes was
 * spooled to a file of the server while it arrived, and is readable until the server is
 * {@linkplain MockOpenAIServer#reset() reset} or closed. Size and SHA-256 are always known.
 */
public final class RecordedPart {

	/** The size up to which a part is kept in memory rather than in a file. */
	public static final int MEMORY_LIMIT = 64 * 1024;

	/** The largest part that {@link #bytes()} and {@link #text()} read into memory. */
	public static final int READ_LIMIT = 8 * 1024 * 1024;

	private final String name;

	private final @Nullable String filename;

	private final @Nullable String contentType;

	private final List<Map.Entry<String, String>> headers;

	private final long size;

	private final String sha256;

	private final byte @Nullable [] content;

	private final @Nullable Path file;

	RecordedPart(String name, @Nullable String filename, @Nullable String contentType,
			List<Map.Entry<String, String>> headers, long size, String sha256, byte @Nullable [] content,
			@Nullable Path file) {
		this.name = name;
		this.filename = filename;
		this.contentType = contentType;
		this.headers = List.copyOf(headers);
		this.size = size;
		this.sha256 = sha256;
		this.content = content;
		this.file = file;
	}

	/** The field name of the part's {@code Content-Disposition}, for example {@code file} or {@code purpose}. */
	public String name() {
		return this.name;
	}

	/** The {@code filename} of the part's {@code Content-Disposition}, or {@code null} for a plain field. */
	public @Nullable String filename() {
		return this.filename;
	}

	/** The part's {@code Content-Type}, or {@code null} if it had none. */
	public @Nullable String contentType() {
		return this.contentType;
	}

	/** The part's headers, in the order received. */
	public List<Map.Entry<String, String>> headers() {
		return this.headers;
	}

	/** Whether the part is a file: its {@code Content-Disposition} has a {@code filename}. */
	public boolean isFile() {
		return this.filename != null;
	}

	/** The size of the part's content in bytes. */
	public long size() {
		return this.size;
	}

	/** The SHA-256 of the part's content, in lower-case hex. */
	public String sha256() {
		return this.sha256;
	}

	/**
	 * The part's content as UTF-8 text: the value of a plain field.
	 * @return the text
	 * @throws IllegalStateException if the part is larger than {@value #READ_LIMIT} bytes
	 */
	public String text() {
		return new String(bytes(), StandardCharsets.UTF_8);
	}

	/**
	 * The part's content.
	 * @return a copy of the bytes
	 * @throws IllegalStateException if the part is larger than {@value #READ_LIMIT} bytes: read
	 * it with {@link #openStream()}
	 */
	public byte[] bytes() {
		if (this.size > READ_LIMIT) {
			throw new IllegalStateException("Part '" + this.name + "' has " + this.size + " bytes, more than the "
					+ READ_LIMIT + " that bytes() reads; use openStream()");
		}
		try (InputStream in = openStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Opens the part's content for reading, whatever its size.
	 * @return a new stream, to be closed by the caller
	 * @throws IOException if the spooled file can no longer be read (after a reset or close)
	 */
	public InputStream openStream() throws IOException {
		return (this.file != null) ? Files.newInputStream(this.file)
				: new ByteArrayInputStream((this.content != null) ? this.content : new byte[0]);
	}

	/** The file the part was spooled to, or {@code null} for a part kept in memory. */
	@Nullable Path file() {
		return this.file;
	}

	/** The content of a part kept in memory, or {@code null} for a spooled one. */
	byte @Nullable [] content() {
		return this.content;
	}

	@Override
	public String toString() {
		return "RecordedPart{name=" + this.name + ((this.filename != null) ? ", filename=" + this.filename : "")
				+ ", size=" + this.size + "}";
	}

}
