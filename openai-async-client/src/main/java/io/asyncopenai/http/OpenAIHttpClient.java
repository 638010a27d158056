package io.asyncopenai.http;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;


import io.netty.handler.ssl.SslContext;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The transport of the {@code AsyncOpenAI} client: a {@link WebClient} over Reactor Netty
 * with a connection pool and event loop of its own, the Java counterpart of the Python SDK's
 * {@code DefaultAioHttpClient}. Its defaults are the Python SDK's: timeout 600 s (connect 5 s),
 * 1000 connections, 100 kept alive for 5 s, redirects followed (at most 20).
 *
 * <p>Share one instance between clients to share the pool; {@link #close()} releases the pool
 * and the threads.
 */
public final class OpenAIHttpClient implements AutoCloseable {

	/** The default of every timeout but connect. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

	/** The default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** The default pool size. */
	public static final int DEFAULT_MAX_CONNECTIONS = 1000;

	/** The default number of idle connections kept open. */
	public static final int DEFAULT_MAX_KEEP_ALIVE_CONNECTIONS = 100;

	/** The default idle time after which a kept connection is closed. */
	public static final Duration DEFAULT_KEEP_ALIVE_EXPIRY = Duration.ofSeconds(5);

	/** The default number of redirects followed. */
	public static final int DEFAULT_MAX_REDIRECTS = 20;

	/** The default limit of a response body: large enough for 2048 embeddings of 3072 floats in base64. */
	public static final int DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024;

	/** The default limit of one line of a Server-Sent Events stream. */
	public static final int DEFAULT_MAX_SSE_LINE_SIZE = 4 * 1024 * 1024;

	/** The default limit of a response's headers, all together. */
	public static final int DEFAULT_MAX_RESPONSE_HEADER_SIZE = 64 * 1024;

	/** The default limit of one WebSocket message: a Realtime {@code response.done} may be large. */
	public static final int DEFAULT_WEBSOCKET_MAX_FRAME_SIZE = 16 * 1024 * 1024;

	/** The default wait between two pings on an open WebSocket connection. */
	public static final Duration DEFAULT_WEBSOCKET_PING_INTERVAL = Duration.ofSeconds(20);

	/** The default time without any frame from the server after which a WebSocket connection is dead. */
	public static final Duration DEFAULT_WEBSOCKET_IDLE_TIMEOUT = Duration.ofSeconds(60);

	/** The default number of a WebSocket's events that wait for a slow consumer before the connection ends. */
	public static final int DEFAULT_WEBSOCKET_MAX_QUEUED_EVENTS = 1024;

	/** How much of an error body is kept: the API's are a few hundred bytes. */
	public static final int MAX_ERROR_BODY_SIZE = 1024 * 1024;

	/** The default bound of the client-side rate limit's queue. */
	public static final int DEFAULT_RATE_LIMIT_MAX_QUEUED_CALLS = 10_000;

	/**
	 * The request attribute that holds the size of a request's body in bytes, from which the
	 * client-side rate limit estimates its tokens.
	 */
	public static final String BODY_SIZE_ATTRIBUTE = OpenAIHttpClient.class.getName() + ".bodySize";

	private static final String REACTOR_NETTY_CLASS = "reactor.netty.http.client.HttpClient";


	private final String name;

	private final Duration readTimeout;

	private final boolean followRedirects;

	private final int maxRedirects;

	private final Map<String, String> headers;

	private final int maxResponseSize;

	private final int maxSseLineSize;

	private final ReactorNettyTransport transport;

	private final WebSocketTransport webSockets;

	private final AtomicBoolean closed = new AtomicBoolean();

	private OpenAIHttpClient(Builder builder) {
		this.name = builder.name;
		this.readTimeout = builder.effective(builder.readTimeout);
		this.followRedirects = builder.followRedirects;
		this.maxRedirects = builder.maxRedirects;
		this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
		this.maxResponseSize = builder.maxResponseSize;
		this.maxSseLineSize = builder.maxSseLineSize;
		this.transport = new ReactorNettyTransport(builder);
		this.webSockets = new WebSocketTransport(this.transport, builder);
	}

	/**
	 * A builder with the defaults of the Python SDK's {@code DefaultAioHttpClient}.
	 * @return a new builder
	 * @throws IllegalStateException if Reactor Netty is not on the classpath
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A transport with all defaults.
	 * @return a new transport
	 */
	public static OpenAIHttpClient create() {
		return builder().build();
	}

	/** The {@link WebClient} requests go through. */
	public WebClient webClient() {
		return this.transport.webClient();
	}

	/**
	 * What WebSocket connections open through: their Reactor Netty client and settings.
	 * @return the WebSocket side of this transport
	 */
	public WebSocketTransport webSockets() {
		return this.webSockets;
	}

	/** The name of the connection pool, as its metrics show it. */
	public String name() {
		return this.name;
	}

	/** The default read timeout: the longest wait between two reads of a response. */
	public Duration readTimeout() {
		return this.readTimeout;
	}

	/** Whether redirects are followed. */
	public boolean followRedirects() {
		return this.followRedirects;
	}

	/** How many redirects one request follows at most. */
	public int maxRedirects() {
		return this.maxRedirects;
	}

	/** Headers sent with every request of this transport. */
	public Map<String, String> headers() {
		return this.headers;
	}

	/** The largest response body read, in bytes; a larger one fails the call. */
	public int maxResponseSize() {
		return this.maxResponseSize;
	}

	/** The longest line of a Server-Sent Events stream, in bytes; a longer one fails the stream. */
	public int maxSseLineSize() {
		return this.maxSseLineSize;
	}

	/** How many connections of the pool are idle now. */
	public int idleConnections() {
		return this.transport.idleConnections();
	}

	/**
	 * How many connections of the pool are leased to requests now: zero once every request
	 * and stream has ended, whatever way it ended.
	 */
	public int leasedConnections() {
		return this.transport.leasedConnections();
	}

	/**
	 * The most connections this transport had open at once: never more than
	 * {@link Builder#maxConnections(int)}.
	 */
	public int peakConnections() {
		return this.transport.peakConnections();
	}

	/**
	 * The client-side rate limit's state, for gauges.
	 * @return its live view, or {@code null} if {@link Builder#rateLimit(boolean)} is off
	 */
	public @Nullable ClientRateLimit rateLimit() {
		return this.transport.rateLimiter();
	}

	/** Whether {@link #close()} was called. */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Closes every pooled connection and stops the transport's threads. Requests still in
	 * flight fail.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.transport.close();
	}

	@Override
	public String toString() {
		return "OpenAIHttpClient{name=" + this.name + ", readTimeout=" + this.readTimeout + ", followRedirects="
				+ this.followRedirects + ", maxRedirects=" + this.maxRedirects + ", headers=" + this.headers.keySet()
				+ "}";
	}

	/**
	 * Builds an {@link OpenAIHttpClient}.
	 */
	public static final class Builder {

		String name = "openai";

		Duration timeout = DEFAULT_TIMEOUT;

		Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		@Nullable Duration readTimeout;

		@Nullable Duration writeTimeout;

		@Nullable Duration poolTimeout;

		int maxConnections = DEFAULT_MAX_CONNECTIONS;

		int maxKeepAliveConnections = DEFAULT_MAX_KEEP_ALIVE_CONNECTIONS;

		Duration keepAliveExpiry = DEFAULT_KEEP_ALIVE_EXPIRY;

		boolean followRedirects = true;

		int maxRedirects = DEFAULT_MAX_REDIRECTS;

		ProxySettings proxies = ProxySettings.NONE;

		boolean trustEnv = true;

		final Map<String, String> headers = new LinkedHashMap<>();

		final List<String> sensitiveHeaders = new ArrayList<>();

		boolean verify = true;

		final List<X509Certificate> trustedCertificates = new ArrayList<>();

		@Nullable SslContext sslContext;

		@Nullable TrustManagerFactory trustManagerFactory;

		@Nullable KeyManagerFactory keyManagerFactory;

		boolean http2;

		boolean compression = true;

		boolean wiretap;

		boolean poolMetrics;

		boolean rateLimit;

		int rateLimitMaxQueuedCalls = DEFAULT_RATE_LIMIT_MAX_QUEUED_CALLS;

		int maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;

		int maxSseLineSize = DEFAULT_MAX_SSE_LINE_SIZE;

		int maxResponseHeaderSize = DEFAULT_MAX_RESPONSE_HEADER_SIZE;

		int webSocketMaxFrameSize = DEFAULT_WEBSOCKET_MAX_FRAME_SIZE;

		Duration webSocketPingInterval = DEFAULT_WEBSOCKET_PING_INTERVAL;

		Duration webSocketIdleTimeout = DEFAULT_WEBSOCKET_IDLE_TIMEOUT;

		int webSocketMaxQueuedEvents = DEFAULT_WEBSOCKET_MAX_QUEUED_EVENTS;

		final List<UnaryOperator<HttpClient>> httpClientCustomizers = new ArrayList<>();

		WebClient.@Nullable Builder webClientBuilder;

		@Nullable LoopResources loopResources;

		private Builder() {
			requireReactorNetty();
		}

		/**
		 * The name of the connection pool, as its metrics and logs show it.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("name must not be blank");
			}
			this.name = name;
			return this;
		}

		/**
		 * The default of the read, write and pool timeouts.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = positive("timeout", timeout);
			return this;
		}

		/**
		 * How long to wait for a TCP connection to be established.
		 * @param connectTimeout a positive duration
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = positive("connectTimeout", connectTimeout);
			return this;
		}

		/**
		 * The longest wait between two reads of a response (not a total: a stream that keeps
		 * sending outlives it).
		 * @param readTimeout a positive duration, or {@code null} for {@link #timeout}
		 * @return this builder
		 */
		public Builder readTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = (readTimeout != null) ? positive("readTimeout", readTimeout) : null;
			return this;
		}

		/**
		 * The longest time one write of the request may take.
		 * @param writeTimeout a positive duration, or {@code null} for {@link #timeout}
		 * @return this builder
		 */
		public Builder writeTimeout(@Nullable Duration writeTimeout) {
			this.writeTimeout = (writeTimeout != null) ? positive("writeTimeout", writeTimeout) : null;
			return this;
		}

		/**
		 * The longest wait for a pooled connection when all {@link #maxConnections} are busy.
		 * @param poolTimeout a positive duration, or {@code null} for {@link #timeout}
		 * @return this builder
		 */
		public Builder poolTimeout(@Nullable Duration poolTimeout) {
			this.poolTimeout = (poolTimeout != null) ? positive("poolTimeout", poolTimeout) : null;
			return this;
		}

		/**
		 * The most connections open at once; further requests wait up to the pool timeout.
		 * @param maxConnections at least 1
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			if (maxConnections < 1) {
				throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
			}
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * The most idle connections kept open for reuse; others close when released.
		 * @param maxKeepAliveConnections zero or more, at most {@link #maxConnections}
		 * @return this builder
		 */
		public Builder maxKeepAliveConnections(int maxKeepAliveConnections) {
			if (maxKeepAliveConnections < 0) {
				throw new IllegalArgumentException(
						"maxKeepAliveConnections must not be negative, was " + maxKeepAliveConnections);
			}
			this.maxKeepAliveConnections = maxKeepAliveConnections;
			return this;
		}

		/**
		 * How long an idle connection is kept open.
		 * @param keepAliveExpiry a positive duration
		 * @return this builder
		 */
		public Builder keepAliveExpiry(Duration keepAliveExpiry) {
			this.keepAliveExpiry = positive("keepAliveExpiry", keepAliveExpiry);
			return this;
		}

		/**
		 * Whether to follow redirects (301, 302, 303, 307, 308).
		 * @param followRedirects whether to follow
		 * @return this builder
		 */
		public Builder followRedirects(boolean followRedirects) {
			this.followRedirects = followRedirects;
			return this;
		}

		/**
		 * The most redirects one request follows; one more fails the request.
		 * @param maxRedirects zero or more
		 * @return this builder
		 */
		public Builder maxRedirects(int maxRedirects) {
			if (maxRedirects < 0) {
				throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
			}
			this.maxRedirects = maxRedirects;
			return this;
		}

		/**
		 * Sends every request through one proxy.
		 * @param url the proxy URL, for example {@code http://user:secret@proxy:3128} or
		 * {@code socks5://proxy:1080}
		 * @return this builder
		 */
		public Builder proxy(String url) {
			URI proxy = ProxySettings.parse(url);
			this.proxies = new ProxySettings(proxy, proxy, this.proxies.noProxy());
			return this;
		}

		/**
		 * Sends requests to targets of one scheme through a proxy.
		 * @param targetScheme {@code http} or {@code https}
		 * @param url the proxy URL
		 * @return this builder
		 */
		public Builder proxy(String targetScheme, String url) {
			URI proxy = ProxySettings.parse(url);
			this.proxies = switch (targetScheme.toLowerCase(Locale.ROOT)) {
				case "http" -> new ProxySettings(proxy, this.proxies.https(), this.proxies.noProxy());
				case "https" -> new ProxySettings(this.proxies.http(), proxy, this.proxies.noProxy());
				default -> throw new IllegalArgumentException("Target scheme must be http or https, was " + targetScheme);
			};
			return this;
		}

		/**
		 * Hosts that bypass the proxy.
		 * @param hosts exact names, {@code *.example.com} or {@code .example.com}, or {@code *}
		 * @return this builder
		 */
		public Builder noProxy(String... hosts) {
			this.proxies = new ProxySettings(this.proxies.http(), this.proxies.https(), List.of(hosts));
			return this;
		}

		/**
		 * Whether, when no proxy is set, to honour {@code HTTPS_PROXY}, {@code HTTP_PROXY},
		 * {@code ALL_PROXY} and {@code NO_PROXY}, and then the JVM's proxy system properties.
		 * @param trustEnv whether to read the environment
		 * @return this builder
		 */
		public Builder trustEnv(boolean trustEnv) {
			this.trustEnv = trustEnv;
			return this;
		}

		/**
		 * A header to send with every request.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * A header that holds a secret: it is removed when a redirect leaves the origin, like
		 * {@code Authorization} and the {@code OpenAI-*} headers.
		 * @param name the header name
		 * @return this builder
		 */
		public Builder sensitiveHeader(String name) {
			this.sensitiveHeaders.add(Objects.requireNonNull(name, "name"));
			return this;
		}

		/**
		 * Whether to verify the server's certificate. {@code false} trusts any certificate: for
		 * tests only.
		 * @param verify whether to verify
		 * @return this builder
		 */
		public Builder verify(boolean verify) {
			this.verify = verify;
			return this;
		}

		/**
		 * Trusts the certificates of these PEM texts instead of the JDK's trust store.
		 * @param pem one or more {@code -----BEGIN CERTIFICATE-----} blocks
		 * @return this builder
		 * @throws IllegalArgumentException if the text holds no certificate
		 */
		public Builder trustedCertificates(String pem) {
			try {
				CertificateFactory factory = CertificateFactory.getInstance("X.509");
				var certificates = factory
					.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
				if (certificates.isEmpty()) {
					throw new IllegalArgumentException("No PEM certificate found");
				}
				certificates.forEach((certificate) -> this.trustedCertificates.add((X509Certificate) certificate));
			}
			catch (CertificateException ex) {
				throw new IllegalArgumentException("Not a PEM certificate: " + ex.getMessage(), ex);
			}
			return this;
		}

		/**
		 * The trust managers that decide which servers to trust, replacing the JDK's and
		 * {@link #trustedCertificates}, for example those of a Spring Boot SSL bundle.
		 * @param trustManagerFactory the trust managers
		 * @return this builder
		 */
		public Builder trustManager(@Nullable TrustManagerFactory trustManagerFactory) {
			this.trustManagerFactory = trustManagerFactory;
			return this;
		}

		/**
		 * The key managers that present a client certificate to servers that ask for one.
		 * @param keyManagerFactory the key managers
		 * @return this builder
		 */
		public Builder keyManager(@Nullable KeyManagerFactory keyManagerFactory) {
			this.keyManagerFactory = keyManagerFactory;
			return this;
		}

		/**
		 * The TLS context to use, replacing {@link #verify} and {@link #trustedCertificates}:
		 * for client certificates or a custom trust manager.
		 * @param sslContext a client {@link SslContext}
		 * @return this builder
		 */
		public Builder sslContext(@Nullable SslContext sslContext) {
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * Whether to offer HTTP/2 over TLS (ALPN), falling back to HTTP/1.1.
		 * @param http2 whether to offer HTTP/2
		 * @return this builder
		 */
		public Builder http2(boolean http2) {
			this.http2 = http2;
			return this;
		}

		/**
		 * Whether to accept compressed responses.
		 * @param compression whether to accept them
		 * @return this builder
		 */
		public Builder compression(boolean compression) {
			this.compression = compression;
			return this;
		}

		/**
		 * Whether to log all traffic at DEBUG under {@code io.asyncopenai.http.wiretap}, with
		 * credential headers redacted.
		 * @param wiretap whether to log traffic
		 * @return this builder
		 */
		public Builder wiretap(boolean wiretap) {
			this.wiretap = wiretap;
			return this;
		}

		/**
		 * The largest response body to read; a larger one fails the call with an
		 * {@code APIException} instead of exhausting memory.
		 * @param bytes at least 1 KiB
		 * @return this builder
		 */
		public Builder maxResponseSize(int bytes) {
			this.maxResponseSize = atLeast("maxResponseSize", bytes, 1024);
			return this;
		}

		/**
		 * The longest line of a Server-Sent Events stream; a longer one fails the stream.
		 * @param bytes at least 1 KiB
		 * @return this builder
		 */
		public Builder maxSseLineSize(int bytes) {
			this.maxSseLineSize = atLeast("maxSseLineSize", bytes, 1024);
			return this;
		}

		/**
		 * The largest size of a response's headers, all together; larger ones fail the call.
		 * @param bytes at least 1 KiB
		 * @return this builder
		 */
		public Builder maxResponseHeaderSize(int bytes) {
			this.maxResponseHeaderSize = atLeast("maxResponseHeaderSize", bytes, 1024);
			return this;
		}

		/**
		 * The largest WebSocket message to read (its frames joined); a larger one closes the
		 * connection with 1009 and fails its events.
		 * @param bytes at least 1 KiB
		 * @return this builder
		 */
		public Builder webSocketMaxFrameSize(int bytes) {
			this.webSocketMaxFrameSize = atLeast("webSocketMaxFrameSize", bytes, 1024);
			return this;
		}

		/**
		 * How often an open WebSocket connection sends a ping, so that proxies keep it and the
		 * server answers with a pong.
		 * @param interval a positive duration, or zero to send no pings
		 * @return this builder
		 */
		public Builder webSocketPingInterval(Duration interval) {
			this.webSocketPingInterval = notNegative("webSocketPingInterval", interval);
			return this;
		}

		/**
		 * How long an open WebSocket connection may receive nothing at all (no event, no pong)
		 * before it counts as dead: it is closed and its events fail with an
		 * {@code APIConnectionException}.
		 * @param timeout a positive duration, longer than the ping interval, or zero for never
		 * @return this builder
		 */
		public Builder webSocketIdleTimeout(Duration timeout) {
			this.webSocketIdleTimeout = notNegative("webSocketIdleTimeout", timeout);
			return this;
		}

		/**
		 * How many events of a WebSocket connection may wait for a consumer that is slower than
		 * the server; one more closes the connection (1008) and fails its events, so that a slow
		 * consumer never grows memory without bound.
		 * @param events at least 1
		 * @return this builder
		 */
		public Builder webSocketMaxQueuedEvents(int events) {
			this.webSocketMaxQueuedEvents = atLeast("webSocketMaxQueuedEvents", events, 1);
			return this;
		}

		/**
		 * Whether to hold calls within the budget the server announces in its
		 * {@code x-ratelimit-*} headers, queued in order, and pause them all after a 429's
		 * {@code retry-after}, so that a fan-out meets no 429; a queued call fails with an
		 * {@link RateLimitQueueException} past the pool timeout.
		 * @param rateLimit whether to (off by default)
		 * @return this builder
		 */
		public Builder rateLimit(boolean rateLimit) {
			this.rateLimit = rateLimit;
			return this;
		}

		/**
		 * How many calls may wait for the client-side rate limit; one more fails at once, so
		 * that a fan-out never grows memory without bound.
		 * @param calls at least 1
		 * @return this builder
		 */
		public Builder rateLimitMaxQueuedCalls(int calls) {
			this.rateLimitMaxQueuedCalls = atLeast("rateLimitMaxQueuedCalls", calls, 1);
			return this;
		}

		/**
		 * Whether the connection pool publishes Reactor Netty's metrics (needs Micrometer).
		 * @param poolMetrics whether to publish them
		 * @return this builder
		 */
		public Builder poolMetrics(boolean poolMetrics) {
			this.poolMetrics = poolMetrics;
			return this;
		}

		/**
		 * Changes the Reactor Netty client after every other setting, in order of calls.
		 * @param customizer returns the changed client
		 * @return this builder
		 */
		public Builder httpClientCustomizer(UnaryOperator<HttpClient> customizer) {
			this.httpClientCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
			return this;
		}

		/**
		 * The WebClient builder to start from (cloned), for example Spring Boot's, so that its
		 * observations and customizers apply. Its connector is replaced.
		 * @param webClientBuilder the builder
		 * @return this builder
		 */
		public Builder webClientBuilder(WebClient.@Nullable Builder webClientBuilder) {
			this.webClientBuilder = webClientBuilder;
			return this;
		}

		/**
		 * Event loops to run on instead of the transport's own, which it would stop on close.
		 * @param loopResources the loops, owned by the caller
		 * @return this builder
		 */
		public Builder loopResources(@Nullable LoopResources loopResources) {
			this.loopResources = loopResources;
			return this;
		}

		/**
		 * Builds the transport.
		 * @return the transport
		 * @throws IllegalArgumentException if settings contradict each other
		 */
		public OpenAIHttpClient build() {
			if (this.maxKeepAliveConnections > this.maxConnections) {
				throw new IllegalArgumentException("maxKeepAliveConnections (" + this.maxKeepAliveConnections
						+ ") must not exceed maxConnections (" + this.maxConnections + ")");
			}
			if (!this.webSocketPingInterval.isZero() && !this.webSocketIdleTimeout.isZero()
					&& this.webSocketPingInterval.compareTo(this.webSocketIdleTimeout) >= 0) {
				throw new IllegalArgumentException("webSocketPingInterval (" + this.webSocketPingInterval
						+ ") must be shorter than webSocketIdleTimeout (" + this.webSocketIdleTimeout
						+ "), or a quiet connection would count as dead between two pings");
			}
			return new OpenAIHttpClient(this);
		}

		Duration effective(@Nullable Duration phase) {
			return (phase != null) ? phase : this.timeout;
		}

		private static int atLeast(String name, int value, int minimum) {
			if (value < minimum) {
				throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
			}
			return value;
		}

		private static Duration positive(String name, Duration duration) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, was " + duration);
			}
			return duration;
		}

		private static Duration notNegative(String name, Duration duration) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative, was " + duration);
			}
			return duration;
		}

		private static void requireReactorNetty() {
			try {
				Class.forName(REACTOR_NETTY_CLASS, false, OpenAIHttpClient.class.getClassLoader());
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new IllegalStateException("AsyncOpenAI needs Reactor Netty: add the dependency "
						+ "io.projectreactor.netty:reactor-netty-http (or use io.asyncopenai:openai-spring-boot-starter, "
						+ "which brings it)", ex);
			}
		}

	}

}
