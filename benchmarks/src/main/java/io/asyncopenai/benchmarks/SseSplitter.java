package io.asyncopenai.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a stream of LF-framed Server-Sent Events by hand into the payloads of their
 * {@code data:} lines, leaving out {@code [DONE]}: the least a stream decoder does.
 */
final class SseSplitter {

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

	List<String> feed(byte[] bytes) {
		List<String> payloads = new ArrayList<>(4);
		for (byte b : bytes) {
			if (b != '\n') {
				this.line.write(b);
				continue;
			}
			if (this.line.size() > 6) {
				String text = this.line.toString(StandardCharsets.UTF_8);
				if (text.startsWith("data: ") && !text.startsWith("data: [DONE]")) {
					payloads.add(text.substring(6));
				}
			}
			this.line.reset();
		}
		return payloads;
	}

}
