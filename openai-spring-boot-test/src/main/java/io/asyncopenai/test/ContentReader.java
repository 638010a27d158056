package io.asyncopenai.test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Reads the content of a stored file as buffers, one at a time as the connection asks for
 * them, away from the event loops since reading a disk may block.
 */
final class ContentReader {

	private static final int CHUNK = 64 * 1024;

	private ContentReader() {
	}

	/**
	 * The first {@code length} bytes of a content, in buffers the subscriber releases.
	 */
	static Flux<ByteBuf> read(FileStore.Content content, long length) {
		Flux<ByteBuf> buffers = Flux.using(content::open, (in) -> Flux.<ByteBuf, Long>generate(() -> 0L,
				(sent, sink) -> {
					long remaining = length - sent;
					if (remaining <= 0) {
						sink.complete();
						return sent;
					}
					int size = (int) Math.min(CHUNK, remaining);
					ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(size);
					try {
						fill(in, buffer, size);
						sink.next(buffer);
						return sent + size;
					}
					catch (IOException | RuntimeException ex) {
						buffer.release();
						sink.error(ex);
						return sent;
					}
				}), ContentReader::close);
		return buffers.doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
			.subscribeOn(Schedulers.boundedElastic());
	}

	private static void fill(InputStream in, ByteBuf buffer, int size) throws IOException {
		while (buffer.readableBytes() < size) {
			if (buffer.writeBytes(in, size - buffer.readableBytes()) < 0) {
				throw new EOFException("The content ended before its size");
			}
		}
	}

	private static void close(InputStream in) {
		try {
			in.close();
		}
		catch (IOException ex) {
			// Nothing was written to it.
		}
	}

}
