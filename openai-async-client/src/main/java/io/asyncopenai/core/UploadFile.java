package io.asyncopenai.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamWriteException;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * A file sent as a part of a {@code multipart/form-data} request: its content, the file name
 * the API sees and its content type.
 *
 * <p>The content is streamed as the request is written, a buffer at a time: a file of any size
 * is sent with a small, bounded heap. A {@link Path}, a {@code byte[]} and a {@link Resource}
 * that can be opened again can be sent again, so a request with such parts is retried like any
 * other; a {@link Flux} can be read once only, so a request with one is retried only if it
 * failed before its body was read (a refused connection, say), never after.
 *
 * <p>The content type is guessed from the file name when it is not given, and is
 * {@code application/octet-stream} when the name says nothing.
 */
@JsonSerialize(using = UploadFile.EmbeddedSerializer.class)
public final class UploadFile {

	/** The size of the buffers a file or a resource is read in. */
	static final int BUFFER_SIZE = 64 * 1024;

	private final Source source;

	private final String filename;

	private final String contentType;

	private UploadFile(Source source, String filename, @Nullable String contentType) {
		Objects.requireNonNull(filename, "filename");
		if (filename.isBlank()) {
			throw new IllegalArgumentException("An upload's file name must not be blank");
		}
		this.source = source;
		this.filename = filename;
		this.contentType = (contentType != null) ? contentType : guessContentType(filename);
	}

	/**
	 * A file on disk, sent under its own name.
	 * @param path the file
	 * @return the upload
	 */
	public static UploadFile of(Path path) {
		Path name = path.getFileName();
		return of(path, (name != null) ? name.toString() : path.toString(), null);
	}

	/**
	 * A file on disk, sent under another name or content type.
	 * @param path the file
	 * @param filename the name the API sees
	 * @param contentType the content type, or {@code null} to guess it from the name
	 * @return the upload
	 */
	public static UploadFile of(Path path, String filename, @Nullable String contentType) {
		return new UploadFile(new PathSource(Objects.requireNonNull(path, "path")), filename, contentType);
	}

	/**
	 * Bytes in memory, sent as a file of that name.
	 * @param content the bytes, which are not copied
	 * @param filename the name the API sees
	 * @return the upload
	 */
	public static UploadFile of(byte[] content, String filename) {
		return of(content, filename, null);
	}

	/**
	 * Bytes in memory, sent as a file of that name and content type.
	 * @param content the bytes, which are not copied
	 * @param filename the name the API sees
	 * @param contentType the content type, or {@code null} to guess it from the name
	 * @return the upload
	 */
	public static UploadFile of(byte[] content, String filename, @Nullable String contentType) {
		return new UploadFile(new BytesSource(Objects.requireNonNull(content, "content")), filename, contentType);
	}

	/**
	 * A Spring resource (a class path or file system resource, say), sent under its own file name.
	 * @param resource the resource
	 * @return the upload
	 * @throws IllegalArgumentException if the resource has no file name
	 */
	public static UploadFile of(Resource resource) {
		String filename = resource.getFilename();
		if (filename == null || filename.isBlank()) {
			throw new IllegalArgumentException(resource.getDescription()
					+ " has no file name: give one with UploadFile.of(resource, filename, contentType)");
		}
		return of(resource, filename, null);
	}

	/**
	 * A Spring resource sent under a file name and content type.
	 * @param resource the resource
	 * @param filename the name the API sees
	 * @param contentType the content type, or {@code null} to guess it from the name
	 * @return the upload
	 */
	public static UploadFile of(Resource resource, String filename, @Nullable String contentType) {
		Objects.requireNonNull(resource, "resource");
		Source source = (resource instanceof ByteArrayResource bytes) ? new BytesSource(bytes.getByteArray())
				: new ResourceSource(resource);
		return new UploadFile(source, filename, contentType);
	}

	/**
	 * Content that arrives as buffers, of a size not known in advance; the request is sent
	 * chunked. It can be read once only: see the class's note on retries.
	 * @param content the buffers, which the request releases once written
	 * @param filename the name the API sees
	 * @param contentType the content type, or {@code null} to guess it from the name
	 * @return the upload
	 */
	public static UploadFile of(Flux<DataBuffer> content, String filename, @Nullable String contentType) {
		return new UploadFile(new FluxSource(Objects.requireNonNull(content, "content"), -1), filename, contentType);
	}

	/**
	 * Content that arrives as buffers, of a known size, so that the request has a
	 * {@code Content-Length}. It can be read once only: see the class's note on retries.
	 * @param content the buffers, which the request releases once written
	 * @param filename the name the API sees
	 * @param contentType the content type, or {@code null} to guess it from the name
	 * @param contentLength the number of bytes the buffers hold
	 * @return the upload
	 */
	public static UploadFile of(Flux<DataBuffer> content, String filename, @Nullable String contentType,
			long contentLength) {
		if (contentLength < 0) {
			throw new IllegalArgumentException("An upload's content length must not be negative, was " + contentLength);
		}
		return new UploadFile(new FluxSource(Objects.requireNonNull(content, "content"), contentLength), filename,
				contentType);
	}

	/** The file name the API sees. */
	public String filename() {
		return this.filename;
	}

	/** The content type of the part. */
	public String contentType() {
		return this.contentType;
	}

	/**
	 * The size of the content, if it is known before it is sent: a file's size as it is now,
	 * the length of bytes or of a resource that knows it.
	 */
	public OptionalLong contentLength() {
		long length = this.source.length();
		return (length >= 0) ? OptionalLong.of(length) : OptionalLong.empty();
	}

	/** Whether the content can be sent again, for a retry. */
	public boolean isReplayable() {
		return this.source.replayable();
	}

	/** The content, read as it is written. */
	Flux<DataBuffer> content(DataBufferFactory factory) {
		return this.source.content(factory);
	}

	@Override
	public String toString() {
		long length = this.source.length();
		return "UploadFile[filename=" + this.filename + ", contentType=" + this.contentType + ", "
				+ ((length >= 0) ? length + " bytes" : "length unknown") + "]";
	}

	/** The bytes of a file made from bytes, or {@code null} if it is read from elsewhere. */
	byte @Nullable [] bytesInMemory() {
		return (this.source instanceof BytesSource bytes) ? bytes.bytes() : null;
	}

	private static String guessContentType(String filename) {
		if (filename.endsWith(".jsonl")) {
			return "application/jsonl";
		}
		return MediaTypeFactory.getMediaType(filename).orElse(MediaType.APPLICATION_OCTET_STREAM).toString();
	}

	private sealed interface Source {

		long length();

		Flux<DataBuffer> content(DataBufferFactory factory);

		default boolean replayable() {
			return true;
		}

	}

	private record PathSource(Path path) implements Source {

		@Override
		public long length() {
			try {
				return Files.size(this.path);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read the size of " + this.path + " to upload it", ex);
			}
		}

		@Override
		public Flux<DataBuffer> content(DataBufferFactory factory) {
			return DataBufferUtils.read(this.path, factory, BUFFER_SIZE);
		}

	}

	private record BytesSource(byte[] bytes) implements Source {

		@Override
		public long length() {
			return this.bytes.length;
		}

		@Override
		public Flux<DataBuffer> content(DataBufferFactory factory) {
			return Flux.defer(() -> Flux.just(factory.wrap(this.bytes)));
		}

	}

	private record ResourceSource(Resource resource) implements Source {

		@Override
		public long length() {
			if (this.resource.isOpen()) {
				return -1;
			}
			try {
				return this.resource.contentLength();
			}
			catch (IOException ex) {
				return -1;
			}
		}

		@Override
		public Flux<DataBuffer> content(DataBufferFactory factory) {
			return DataBufferUtils.read(this.resource, factory, BUFFER_SIZE);
		}

		@Override
		public boolean replayable() {
			// An open resource is a stream that is read once.
			return !this.resource.isOpen();
		}

	}

	private record FluxSource(Flux<DataBuffer> buffers, long length) implements Source {

		@Override
		public Flux<DataBuffer> content(DataBufferFactory factory) {
			return this.buffers;
		}

		@Override
		public boolean replayable() {
			return false;
		}

	}

	/**
	 * Keeps an upload as itself in a tree of the params, where the multipart writer finds it;
	 * an upload has no JSON form.
	 */
	static final class EmbeddedSerializer extends ValueSerializer<UploadFile> {

		@Override
		public void serialize(UploadFile value, JsonGenerator generator, SerializationContext context) {
			try {
				// A tree (valueToTree) keeps it as a POJO node; a JSON writer has no way to.
				generator.writeEmbeddedObject(value);
			}
			catch (StreamWriteException ex) {
				throw new IllegalArgumentException(value + " is a file: it is sent in a multipart request, never as JSON",
						ex);
			}
		}

	}

}
