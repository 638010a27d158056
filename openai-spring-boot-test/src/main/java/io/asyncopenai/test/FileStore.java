package io.asyncopenai.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.jspecify.annotations.Nullable;

/**
 * The directory a server keeps on disk, made when first needed: spooled request parts and the
 * content of stored files. Reset and close delete it.
 */
final class FileStore implements AutoCloseable {

	private @Nullable Path root;

	private boolean closed;

	/** The directory for spooled parts of request bodies. */
	synchronized Path spoolDirectory() {
		return directory("requests");
	}

	/** The directory for the content of stored files. */
	synchronized Path contentDirectory() {
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

	/** Deletes everything on disk; a later request starts a new directory. */
	synchronized void reset() {
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

	static void delete(Path directory) {
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

}
