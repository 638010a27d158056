package io.asyncopenai.test;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files a server stores, and the directory it keeps on disk for them and for spooled
 * request parts, made when first needed. Content lives on disk or is generated as it is read,
 * never on the heap. Reset and close forget the files and delete the directory.
 */
final class FileStore implements AutoCloseable {

	private final Map<String, StoredFile> files = new LinkedHashMap<>();

	private @Nullable Path root;

	private boolean closed;

	/** The directory for spooled parts of request bodies. */
	synchronized Path spoolDirectory() {
		return directory("requests");
	}

	private synchronized Path contentDirectory() {
		return directory("files");
	}

	private Path directory(String name) {
		if (this.closed) {
			throw new IllegalStateException("The server is closed");
		}
		try {
			if (this.root == null) {
				this.root = Files.createTempDirectory("mock-openai-");
			}
			return Files.createDirectories(this.root.resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stores a file.
	 * @param expiresAfter seconds after its creation that the file expires, or {@code null}
	 */
	synchronized StoredFile add(String filename, String purpose, Content content, @Nullable Long expiresAfter) {
		String id = Requests.newId("file-", 24);
		long createdAt = Requests.nowSeconds();
		StoredFile file = new StoredFile(id, filename, purpose, createdAt,
				(expiresAfter != null) ? createdAt + expiresAfter : null, content);
		this.files.put(id, file);
		return file;
	}

	synchronized @Nullable StoredFile get(String id) {
		return this.files.get(id);
	}

	synchronized @Nullable StoredFile remove(String id) {
		StoredFile file = this.files.remove(id);
		if (file != null) {
			file.content().delete();
		}
		return file;
	}

	/** Every file, oldest first. */
	synchronized List<StoredFile> list() {
		return new ArrayList<>(this.files.values());
	}

	/** Content taken over from a request part: the spooled file is linked, not copied, where it can be. */
	Content contentOf(RecordedPart part) throws IOException {
		Path spooled = part.file();
		byte[] inMemory = part.content();
		if (spooled == null) {
			return write((inMemory != null) ? inMemory : new byte[0]);
		}
		Path target = newContentFile();
		Files.delete(target);
		try {
			Files.createLink(target, spooled);
		}
		catch (IOException | UnsupportedOperationException ex) {
			Files.copy(spooled, target);
		}
		return new DiskContent(target, part.size(), part.sha256());
	}

	Content write(byte[] bytes) throws IOException {
		try (Writer writer = writer()) {
			writer.write(bytes, 0, bytes.length);
			return writer.finish();
		}
	}

	/** A new file on disk to write content to, hashing it on the way. */
	Writer writer() throws IOException {
		return new Writer(newContentFile());
	}

	private Path newContentFile() throws IOException {
		return Files.createTempFile(contentDirectory(), "file-", ".bin");
	}

	/** Forgets every file and deletes everything on disk; a later request starts a new directory. */
	synchronized void reset() {
		this.files.clear();
		if (this.root != null) {
			delete(this.root);
			this.root = null;
		}
	}

	@Override
	public synchronized void close() {
		reset();
		this.closed = true;
	}

	private static void delete(Path directory) {
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException ex) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			// What could not be deleted now is left to the operating system's temporary directory cleanup.
		}
	}

	/**
	 * One stored file: the API's {@code OpenAIFile} and its content.
	 */
	record StoredFile(String id, String filename, String purpose, long createdAt, @Nullable Long expiresAt,
			Content content) {

		ObjectNode toJson() {
			ObjectNode file = Json.object();
			file.put("id", this.id);
			file.put("object", "file");
			file.put("bytes", this.content.size());
			file.put("created_at", this.createdAt);
			if (this.expiresAt != null) {
				file.put("expires_at", this.expiresAt);
			}
			file.put("filename", this.filename);
			file.put("purpose", this.purpose);
			file.put("status", "processed");
			return file;
		}

	}

	/**
	 * The bytes of a stored file.
	 */
	sealed interface Content permits DiskContent, GeneratedContent {

		long size();

		/** The hex SHA-256, computed by reading the content if it is not known yet. */
		String sha256();

		InputStream open() throws IOException;

		default void delete() {
		}

	}

	/**
	 * Content in a file of the server's directory.
	 */
	record DiskContent(Path path, long size, String sha256) implements Content {

		@Override
		public InputStream open() throws IOException {
			return Files.newInputStream(this.path);
		}

		@Override
		public void delete() {
			try {
				Files.deleteIfExists(this.path);
			}
			catch (IOException ex) {
				// Goes with the server's directory at the latest.
			}
		}

	}

	/**
	 * Content that is a fixed pseudo-random function of the offset, made while it is read.
	 */
	static final class GeneratedContent implements Content {

		private final long size;

		private volatile @Nullable String sha256;

		GeneratedContent(long size) {
			this.size = size;
		}

		@Override
		public long size() {
			return this.size;
		}

		@Override
		public String sha256() {
			String sha256 = this.sha256;
			if (sha256 == null) {
				MessageDigest digest = MultipartReader.sha256();
				byte[] buffer = new byte[64 * 1024];
				try (InputStream in = open()) {
					int read;
					while ((read = in.read(buffer)) != -1) {
						digest.update(buffer, 0, read);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				sha256 = HexFormat.of().formatHex(digest.digest());
				this.sha256 = sha256;
			}
			return sha256;
		}

		@Override
		public InputStream open() {
			return new GeneratedStream(this.size);
		}

		/** The byte at an offset of every generated content. */
		static byte byteAt(long offset) {
			return (byte) (word(offset >>> 3) >>> ((offset & 7) << 3));
		}

		// SplitMix64's finalizer: cheap, and every bit of the index reaches every bit of the word.
		private static long word(long index) {
			long z = index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

		private static final class GeneratedStream extends InputStream {

			private final long size;

			private long offset;

			GeneratedStream(long size) {
				this.size = size;
			}

			@Override
			public int read() {
				return (this.offset < this.size) ? (byteAt(this.offset++) & 0xff) : -1;
			}

			@Override
			public int read(byte[] buffer, int start, int length) {
				if (this.offset >= this.size) {
					return -1;
				}
				int count = (int) Math.min(length, this.size - this.offset);
				int i = 0;
				// Byte by byte up to a word boundary, then a word at a time.
				while (i < count && (this.offset & 7) != 0) {
					buffer[start + i++] = byteAt(this.offset++);
				}
				while (count - i >= 8) {
					long word = word(this.offset >>> 3);
					for (int b = 0; b < 8; b++) {
						buffer[start + i++] = (byte) (word >>> (b << 3));
					}
					this.offset += 8;
				}
				while (i < count) {
					buffer[start + i++] = byteAt(this.offset++);
				}
				return count;
			}

			@Override
			public long skip(long n) {
				long skipped = Math.max(0, Math.min(n, this.size - this.offset));
				this.offset += skipped;
				return skipped;
			}

		}

	}

	/**
	 * Writes new content to a file, counting and hashing it.
	 */
	static final class Writer extends OutputStream {

		private final Path path;

		private final OutputStream out;

		private final MessageDigest digest = MultipartReader.sha256();

		private long size;

		private boolean finished;

		Writer(Path path) throws IOException {
			this.path = path;
			this.out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.digest.update((byte) b);
			this.size++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
			this.digest.update(bytes, offset, length);
			this.size += length;
		}

		/** Closes the file and returns it as content. */
		DiskContent finish() throws IOException {
			this.out.close();
			this.finished = true;
			return new DiskContent(this.path, this.size, HexFormat.of().formatHex(this.digest.digest()));
		}

		/** Closes the file, deleting it unless it was finished. */
		@Override
		public void close() throws IOException {
			this.out.close();
			if (!this.finished) {
				Files.deleteIfExists(this.path);
			}
		}

	}

}
