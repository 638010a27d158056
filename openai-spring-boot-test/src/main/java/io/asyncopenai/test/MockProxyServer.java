package io.asyncopenai.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy on loopback that tunnels {@code CONNECT} requests, for tests of a client's
 * proxy settings: it records each tunnel's target and {@code Proxy-Authorization}, and can
 * demand credentials ({@code 407} without them).
 *
 * <pre>{@code
 * try (MockProxyServer proxy = MockProxyServer.start()) {
 *     // configure the client with proxy.url(), call the API
 *     assertThat(proxy.tunnels()).extracting(Tunnel::target).containsExactly("127.0.0.1:" + port);
 * }
 * }</pre>
 */
public final class MockProxyServer implements AutoCloseable {

	private static final int MAX_HEADER_BYTES = 64 * 1024;

	private final ServerSocket listener;

	private final @Nullable String requiredCredentials;

	private final List<Tunnel> tunnels = new ArrayList<>();

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private MockProxyServer(@Nullable String username, @Nullable String password) throws IOException {
		this.requiredCredentials = (username != null)
				? "Basic " + Base64.getEncoder()
					.encodeToString((username + ":" + ((password != null) ? password : ""))
						.getBytes(StandardCharsets.UTF_8))
				: null;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "mock-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy that needs no credentials, on a random free port of 127.0.0.1.
	 * @return the running proxy
	 * @throws IOException if it cannot listen
	 */
	public static MockProxyServer start() throws IOException {
		return new MockProxyServer(null, null);
	}

	/**
	 * Starts a proxy that answers {@code 407} unless a tunnel request carries these credentials.
	 * @param username the user name
	 * @param password the password
	 * @return the running proxy
	 * @throws IOException if it cannot listen
	 */
	public static MockProxyServer startWithCredentials(String username, String password) throws IOException {
		return new MockProxyServer(username, password);
	}

	/** The port the proxy listens on. */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** The proxy's URL: {@code http://127.0.0.1:PORT}. */
	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Every tunnel requested, in order, whether it was granted or not.
	 * @return a snapshot
	 */
	public List<Tunnel> tunnels() {
		synchronized (this.tunnels) {
			return List.copyOf(this.tunnels);
		}
	}

	/**
	 * Makes this proxy the JVM's HTTP proxy ({@code http.proxyHost}, {@code http.proxyPort},
	 * with no host bypassing it, loopback included) until the returned handle is closed, which
	 * restores the previous system properties.
	 * @return the handle that restores the properties
	 */
	public AutoCloseable asJvmHttpProxy() {
		String[] names = { "http.proxyHost", "http.proxyPort", "http.nonProxyHosts" };
		String[] previous = new String[names.length];
		for (int i = 0; i < names.length; i++) {
			previous[i] = System.getProperty(names[i]);
		}
		System.setProperty("http.proxyHost", "127.0.0.1");
		System.setProperty("http.proxyPort", Integer.toString(port()));
		System.setProperty("http.nonProxyHosts", "example.invalid");
		return () -> {
			for (int i = 0; i < names.length; i++) {
				if (previous[i] != null) {
					System.setProperty(names[i], previous[i]);
				}
				else {
					System.clearProperty(names[i]);
				}
			}
		};
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				this.sockets.add(client);
				Thread handler = new Thread(() -> serve(client), "mock-proxy-tunnel");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			String head = readHead(client.getInputStream());
			String[] lines = head.split("\r\n");
			String[] requestLine = lines[0].split(" ");
			String authorization = null;
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("proxy-authorization")) {
					authorization = lines[i].substring(colon + 1).trim();
				}
			}
			boolean isConnect = requestLine.length >= 2 && requestLine[0].equals("CONNECT");
			boolean authorized = this.requiredCredentials == null || this.requiredCredentials.equals(authorization);
			String target = (requestLine.length >= 2) ? requestLine[1] : "";
			synchronized (this.tunnels) {
				this.tunnels.add(new Tunnel(target, authorization, isConnect && authorized));
			}
			OutputStream out = client.getOutputStream();
			if (!isConnect) {
				out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				return;
			}
			if (!authorized) {
				out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"mock\"\r\n"
						+ "Content-Length: 0\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				return;
			}
			int colon = target.lastIndexOf(':');
			try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
				this.sockets.add(upstream);
				out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				Thread toUpstream = new Thread(() -> pump(client, upstream), "mock-proxy-pump");
				toUpstream.setDaemon(true);
				toUpstream.start();
				pump(upstream, client);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client or the target went away: the tunnel is over.
		}
		finally {
			this.sockets.remove(client);
		}
	}

	private static void pump(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// One side closed: the other end notices on its own.
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int b = in.read();
			if (b == -1 || head.size() > MAX_HEADER_BYTES) {
				throw new IOException("Proxy request ended before its headers");
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * A tunnel a client asked the proxy for.
	 *
	 * @param target the {@code host:port} of the {@code CONNECT} request
	 * @param proxyAuthorization the {@code Proxy-Authorization} it carried, or {@code null}
	 * @param granted whether the proxy opened it
	 */
	public record Tunnel(String target, @Nullable String proxyAuthorization, boolean granted) {

	}

}
