package io.asyncopenai.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on loopback where a TCP connect neither succeeds nor is refused, for tests of
 * connect timeouts without leaving the machine: a listener that never accepts, with its
 * backlog filled, so that the kernel drops further connection attempts.
 */
public final class StalledListener implements AutoCloseable {

	private final ServerSocket listener;

	private final List<Socket> backlog = new ArrayList<>();

	private StalledListener() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		for (int i = 0; i < 8; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(this.listener.getLocalSocketAddress(), 200);
				this.backlog.add(socket);
			}
			catch (IOException full) {
				socket.close();
				return;
			}
		}
	}

	/**
	 * Starts a stalled listener on a random free port of 127.0.0.1.
	 * @return the listener
	 * @throws IOException if it cannot listen
	 */
	public static StalledListener start() throws IOException {
		return new StalledListener();
	}

	/** The port where connects stall. */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** A base URL on that port: {@code http://127.0.0.1:PORT/v1}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + port() + "/v1";
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.backlog) {
			socket.close();
		}
		this.listener.close();
	}

}
