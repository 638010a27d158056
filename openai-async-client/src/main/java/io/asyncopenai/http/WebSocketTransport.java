package io.asyncopenai.http;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;

/**
 * The WebSocket side of an {@link OpenAIHttpClient}: the Reactor Netty client its WebSocket
 * connections open through, and their limits. Kept out of {@link OpenAIHttpClient} so that its
 * signatures name no Reactor Netty type.
 */
public final class WebSocketTransport {

	/**
	 * How long a closing client waits for the server to answer its close frame and close the
	 * connection, as the close handshake asks, before it closes it itself.
	 */
	public static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);


	private final ReactorNettyTransport transport;

	private final int maxFrameSize;

	private final Duration pingInterval;

	private final Duration idleTimeout;

	private final int maxQueuedEvents;

	WebSocketTransport(ReactorNettyTransport transport, OpenAIHttpClient.Builder builder) {
		this.transport = transport;
		this.maxFrameSize = builder.webSocketMaxFrameSize;
		this.pingInterval = builder.webSocketPingInterval;
		this.idleTimeout = builder.webSocketIdleTimeout;
		this.maxQueuedEvents = builder.webSocketMaxQueuedEvents;
	}

	/**
	 * The Reactor Netty client WebSocket connections open through: the transport's event loop,
	 * connect timeout, proxies, TLS and wiretap, HTTP/1.1, a connection of its own for each
	 * WebSocket (outside the pool), no redirects; the {@code HttpClient} customizers apply to
	 * requests only. Closing the transport closes every connection it opened with 1001 (going
	 * away).
	 * @return the client
	 */
	public HttpClient client() {
		return this.transport.webSocketClient();
	}

	/** The largest WebSocket message read, in bytes. */
	public int maxFrameSize() {
		return this.maxFrameSize;
	}

	/** The wait between two pings on an open connection; zero when none are sent. */
	public Duration pingInterval() {
		return this.pingInterval;
	}

	/** The time without any frame from the server after which a connection is dead; zero for never. */
	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	/** How many of a connection's events may wait for a slow consumer before the connection ends. */
	public int maxQueuedEvents() {
		return this.maxQueuedEvents;
	}

	/** The number of WebSocket connections open now. */
	public int openConnections() {
		return this.transport.openWebSockets();
	}

}
