package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * {@code multipart/form-data} bodies for the mock's tests, built like the client builds them.
 */
final class Forms {

	static final String BOUNDARY = "mock-test-boundary-Q1w2E3r4";

	static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	static Forms form() {
		return new Forms();
	}

	Forms field(String name, String value) {
		write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
		return this;
	}

	Forms file(String name, String filename, byte[] content) {
		write(fileHeader(name, filename));
		this.body.writeBytes(content);
		write("\r\n");
		return this;
	}

	byte[] build() {
		write(closing());
		return this.body.toByteArray();
	}

	/** What comes before a file part's content. */
	static String fileHeader(String name, String filename) {
		return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
	}

	static String closing() {
		return "--" + BOUNDARY + "--\r\n";
	}

	private void write(String text) {
		this.body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	static HttpResponse<String> post(MockOpenAIServer server, String path, byte[] form) {
		return Http.send(Http.request(server, path)
			.header("Content-Type", CONTENT_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(form))
			.build());
	}

	/**
	 * Posts a form whose fields come first and whose last part is a generated file, without
	 * holding the file anywhere: the JDK client sends it chunked.
	 */
	static HttpResponse<String> postGenerated(MockOpenAIServer server, String path, Forms fields, String name,
			String filename, long size, long seed) {
		byte[] head = fields.body.toByteArray();
		Supplier<InputStream> stream = () -> new SequenceInputStream(java.util.Collections.enumeration(List.of(
				new java.io.ByteArrayInputStream(head),
				new java.io.ByteArrayInputStream(fileHeader(name, filename).getBytes(StandardCharsets.UTF_8)),
				new Generated(size, seed),
				new java.io.ByteArrayInputStream(("\r\n" + closing()).getBytes(StandardCharsets.UTF_8)))));
		return Http.send(Http.request(server, path)
			.header("Content-Type", CONTENT_TYPE)
			.POST(HttpRequest.BodyPublishers.ofInputStream(stream))
			.build());
	}

	/** The hex SHA-256 of a generated content. */
	static String sha256(long size, long seed) throws IOException {
		MessageDigest digest = MultipartReader.sha256();
		try (InputStream in = new Generated(size, seed)) {
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * Pseudo-random bytes, generated as they are read, with CR, LF and dashes aplenty so
	 * that they look like delimiters often.
	 */
	static final class Generated extends InputStream {

		private static final byte[] ALPHABET = "\r\n-ab".getBytes(StandardCharsets.US_ASCII);

		private final SplittableRandom random;

		private long remaining;

		Generated(long size, long seed) {
			this.remaining = size;
			this.random = new SplittableRandom(seed);
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.remaining == 0) {
				return -1;
			}
			int count = (int) Math.min(length, this.remaining);
			for (int i = 0; i < count; i++) {
				int next = this.random.nextInt(512);
				buffer[offset + i] = (next < ALPHABET.length * 8) ? ALPHABET[next & 3] : (byte) next;
			}
			this.remaining -= count;
			return count;
		}

	}

}
