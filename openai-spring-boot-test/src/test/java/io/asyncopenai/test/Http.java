package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain HTTP clients for the mock's tests: the JDK's {@link HttpClient}, and a raw socket
 * that returns the exact bytes on the wire.
 */
final class Http {

	static final String KEY = "sk-test-1234567890abcdef";

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private Http() {
	}

	static HttpResponse<String> get(MockOpenAIServer server, String path) {
		return send(request(server, path).GET().build());
	}

	static HttpResponse<String> delete(MockOpenAIServer server, String path) {
		return send(request(server, path).DELETE().build());
	}

	static HttpResponse<String> post(MockOpenAIServer server, String path, String json) {
		return send(request(server, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	static HttpRequest.Builder request(MockOpenAIServer server, String path) {
		return HttpRequest.newBuilder(URI.create(server.url(path)))
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + KEY);
	}

	static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Sends a request and keeps the body as bytes, for answers that are not text. */
	static HttpResponse<byte[]> sendForBytes(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Sends a request and hands over the body as a stream, for answers too large to hold. */
	static HttpResponse<InputStream> sendForStream(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	/**
	 * Sends a POST with {@code Connection: close} on a new socket and returns every byte the
	 * server sends until it closes the connection.
	 */
	static String raw(MockOpenAIServer server, String path, String json) {
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			return readUntilClosed(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new IllegalStateException("The server did not close the connection within " + TIMEOUT
					+ "; received so far:\n" + received.toString(StandardCharsets.UTF_8), ex);
		}
		return received.toString(StandardCharsets.UTF_8);
	}

	/** The body of a raw HTTP/1.1 response with chunked transfer encoding, de-chunked. */
	static String dechunk(String raw) {
		String rest = raw.substring(raw.indexOf("\r\n\r\n") + 4);
		StringBuilder body = new StringBuilder();
		while (true) {
			int lineEnd = rest.indexOf("\r\n");
			int size = Integer.parseInt(rest.substring(0, lineEnd), 16);
			if (size == 0) {
				return body.toString();
			}
			// Sizes count bytes; the tests' bodies are ASCII apart from JSON escapes.
			body.append(rest, lineEnd + 2, lineEnd + 2 + size);
			rest = rest.substring(lineEnd + 2 + size + 2);
		}
	}

	/**
	 * Looks at a resource every few milliseconds until it satisfies a condition, for at most
	 * {@code wait}: for the states the server moves on by itself (batches, indexing).
	 * @param server the server
	 * @param path the resource's path
	 * @param condition what the resource's JSON must satisfy
	 * @param wait the longest wait
	 * @return the resource's JSON that satisfied it
	 */
	static JsonNode await(MockOpenAIServer server, String path, Predicate<JsonNode> condition,
			Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		JsonNode value;
		do {
			HttpResponse<String> response = get(server, path);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			value = json(response);
			if (condition.test(value)) {
				return value;
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError(path + " did not reach the expected state within " + wait + ": " + value);
	}

}
