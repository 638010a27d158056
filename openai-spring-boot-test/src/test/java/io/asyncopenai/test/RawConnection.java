package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP connection to the mock, written and read as raw bytes.
 */
final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
	}

	static RawConnection open(MockOpenAIServer server) throws IOException {
		return new RawConnection(new Socket("127.0.0.1", server.port()));
	}

	RawConnection post(String path, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		this.socket.getOutputStream()
			.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Http.KEY
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		this.socket.getOutputStream().write(body);
		this.socket.getOutputStream().flush();
		return this;
	}

	/** Reads until what was received contains {@code text}; returns everything received. */
	String readUntil(String text) throws IOException {
		byte[] buffer = new byte[8192];
		while (!received().contains(text)) {
			int read = this.in.read(buffer);
			if (read == -1) {
				throw new IllegalStateException("Connection closed before \"" + text + "\"; received:\n" + received());
			}
			this.received.write(buffer, 0, read);
		}
		return received();
	}

	/** Reads until the server closes the connection; returns everything received. */
	String readUntilClosed() throws IOException {
		this.received.write(Http.readUntilClosed(this.in).getBytes(StandardCharsets.UTF_8));
		return received();
	}

	/** Whether no byte arrives for {@code quiet} while the connection stays open. */
	boolean staysSilentFor(Duration quiet) throws IOException {
		this.socket.setSoTimeout((int) quiet.toMillis());
		try {
			int read = this.in.read();
			if (read != -1) {
				this.received.write(read);
			}
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
		}
	}

	String received() {
		return this.received.toString(StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
