package io.asyncopenai.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a stream of LF-framed Server-Sent Events by hand and decodes the payload of each
 * {@code data:} line straight from the bytes read, leaving out {@code [DONE]}: the least a
 * stream decoder does. Only a line cut by a read boundary is copied.
 *
 * @param <T> what a payload decodes to
 */
final class SseSplitter<T> {

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);

	/** Decodes one payload. */
	interface PayloadDecoder<T> {

		T decode(byte[] bytes, int offset, int length);

	}

	private final PayloadDecoder<T> decoder;

	private byte[] partial = new byte[0];

	SseSplitter(PayloadDecoder<T> decoder) {
		this.decoder = decoder;
	}

	List<T> feed(byte[] read) {
		byte[] bytes = read;
		if (this.partial.length > 0) {
			bytes = Arrays.copyOf(this.partial, this.partial.length + read.length);
			System.arraycopy(read, 0, bytes, this.partial.length, read.length);
		}
		List<T> payloads = new ArrayList<>(4);
		int start = 0;
		for (int end = 0; end < bytes.length; end++) {
			if (bytes[end] != '\n') {
				continue;
			}
			int length = end - start;
			if (startsWith(bytes, start, length, DATA) && !startsWith(bytes, start, length, DONE)) {
				payloads.add(this.decoder.decode(bytes, start + DATA.length, length - DATA.length));
			}
			start = end + 1;
		}
		this.partial = (start < bytes.length) ? Arrays.copyOfRange(bytes, start, bytes.length) : new byte[0];
		return payloads;
	}

	private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
		return length >= prefix.length && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

}
