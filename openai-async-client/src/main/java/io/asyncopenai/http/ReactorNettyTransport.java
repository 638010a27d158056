package io.asyncopenai.http;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.ProxyProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Everything of {@link OpenAIHttpClient} that touches Reactor Netty and Netty, kept out of it
 * so that {@link OpenAIHttpClient#builder()} can explain a missing Reactor Netty instead of
 * failing to load.
 */
final class ReactorNettyTransport {

	private static final Set<String> ALWAYS_SENSITIVE = Set.of("authorization", "proxy-authorization", "api-key",
			"openai-organization", "openai-project", "cookie");

	private final ConnectionProvider connectionProvider;

	private final @Nullable LoopResources loopResources;

	private final KeepAliveLimiter keepAliveLimiter;

	private final WebClient webClient;

	private final @Nullable RateLimiter rateLimiter;

	private final HttpClient webSocketClient;

	/** Every WebSocket connection open, closed with 1001 when the transport closes. */
	private final ChannelGroup webSockets = new DefaultChannelGroup("asyncopenai-websockets",
			GlobalEventExecutor.INSTANCE);

	ReactorNettyTransport(OpenAIHttpClient.Builder builder) {
		this.connectionProvider = ConnectionProvider.builder(builder.name)
			.maxConnections(builder.maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(builder.effective(builder.poolTimeout))
			.maxIdleTime(builder.keepAliveExpiry)
			.evictInBackground(evictionInterval(builder.keepAliveExpiry))
			.metrics(builder.poolMetrics)
			.build();
		this.loopResources = (builder.loopResources != null) ? null
				: LoopResources.create("asyncopenai-http", Math.max(1, Runtime.getRuntime().availableProcessors()),
						true);
		this.keepAliveLimiter = new KeepAliveLimiter(builder.maxKeepAliveConnections);
		this.rateLimiter = builder.rateLimit ? new RateLimiter(builder.rateLimitMaxQueuedCalls,
				builder.effective(builder.poolTimeout), System::nanoTime, Schedulers.parallel()) : null;
		try {
			LoopResources loops = (builder.loopResources != null) ? builder.loopResources : this.loopResources;
			HttpClient httpClient = createHttpClient(builder, loops);
			this.webSocketClient = createWebSocketClient(builder, loops);
			WebClient.Builder webClientBuilder = (builder.webClientBuilder != null) ? builder.webClientBuilder.clone()
					: WebClient.builder();
			if (this.rateLimiter != null) {
				// Last, so that it holds the exchange itself, after every filter of the given builder.
				webClientBuilder.filter(this.rateLimiter);
			}
			this.webClient = webClientBuilder.clientConnector(new ReactorClientHttpConnector(httpClient)).build();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	WebClient webClient() {
		return this.webClient;
	}

	HttpClient webSocketClient() {
		return this.webSocketClient;
	}

	int openWebSockets() {
		return this.webSockets.size();
	}

	int idleConnections() {
		return this.keepAliveLimiter.idleCount();
	}

	int peakConnections() {
		return this.keepAliveLimiter.peakCount();
	}

	int leasedConnections() {
		return this.keepAliveLimiter.leasedCount();
	}

	@Nullable RateLimiter rateLimiter() {
		return this.rateLimiter;
	}

	void close() {
		if (this.rateLimiter != null) {
			this.rateLimiter.close();
		}
		closeWebSockets();
		this.connectionProvider.disposeLater().block(Duration.ofSeconds(10));
		if (this.loopResources != null) {
			this.loopResources.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
		}
	}

	/**
	 * Sends a close frame with 1001 (going away) on every open WebSocket connection, waits a
	 * moment for the servers to answer, then closes what is left.
	 */
	private void closeWebSockets() {
		List<ChannelFuture> closing = new ArrayList<>();
		for (Channel channel : this.webSockets) {
			if (channel.pipeline().get(WebSocketFrameEncoder.class) != null) {
				channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
						"The client is closing"));
			}
			closing.add(channel.closeFuture());
		}
		long deadline = System.nanoTime() + WebSocketTransport.CLOSE_HANDSHAKE_TIMEOUT.toNanos();
		for (ChannelFuture future : closing) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !future.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
				break;
			}
		}
		this.webSockets.close().awaitUninterruptibly(WebSocketTransport.CLOSE_HANDSHAKE_TIMEOUT.toMillis());
	}

	private HttpClient createHttpClient(OpenAIHttpClient.Builder builder, @Nullable LoopResources loops) {
		Set<String> sensitive = new LinkedHashSet<>(ALWAYS_SENSITIVE);
		builder.sensitiveHeaders.forEach((header) -> sensitive.add(header.toLowerCase(Locale.ROOT)));
		HttpClient client = common(HttpClient.create(this.connectionProvider), builder)
			.observe(this.keepAliveLimiter)
			.followRedirect((request, response) -> builder.followRedirects && isRedirect(response.status().code())
					&& redirects(request) < builder.maxRedirects, (previousHeaders, redirect) -> {
						if (!sameOrigin(previousUrl(redirect), redirect.resourceUrl())) {
							redirect.requestHeaders()
								.names()
								.stream()
								.filter((header) -> sensitive.contains(header.toLowerCase(Locale.ROOT))
										|| header.toLowerCase(Locale.ROOT).startsWith("openai-"))
								.toList()
								.forEach(redirect.requestHeaders()::remove);
						}
					});
		if (builder.http2) {
			client = client.protocol(HttpProtocol.H2, HttpProtocol.HTTP11);
		}
		client = finish(client, builder, loops, sslContext(builder, builder.http2));
		for (UnaryOperator<HttpClient> customizer : builder.httpClientCustomizers) {
			client = Objects.requireNonNull(customizer.apply(client), "An HttpClient customizer returned null");
		}
		return client;
	}

	/**
	 * The client of WebSocket connections: the same event loop, connect timeout, proxies, TLS and
	 * wiretap as requests, but HTTP/1.1 and a connection of its own for each WebSocket (a long
	 * connection is never the pool's, nor counts against its size), no redirects, and none of the
	 * {@code HttpClient} customizers, which are written for requests (one may ask for HTTP/2).
	 * The handshake has the read timeout of a response.
	 */
	private HttpClient createWebSocketClient(OpenAIHttpClient.Builder builder, @Nullable LoopResources loops) {
		HttpClient client = common(HttpClient.create(ConnectionProvider.newConnection()), builder)
			.doOnConnected((connection) -> this.webSockets.add(connection.channel()));
		return finish(client, builder, loops, sslContext(builder, false));
	}

	private static HttpClient common(HttpClient client, OpenAIHttpClient.Builder builder) {
		Duration writeTimeout = builder.effective(builder.writeTimeout);
		return client
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
					builder.connectTimeout.toMillis()))
			.responseTimeout(builder.effective(builder.readTimeout))
			.httpResponseDecoder((decoder) -> decoder.maxHeaderSize(builder.maxResponseHeaderSize))
			.compress(builder.compression)
			.doOnRequest((request, connection) -> connection.addHandlerLast("asyncopenai.writeTimeout",
					new WriteTimeoutHandler(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)))
			.doOnResponse((response, connection) -> connection.removeHandler("asyncopenai.writeTimeout"));
	}

	private static HttpClient finish(HttpClient client, OpenAIHttpClient.Builder builder,
			@Nullable LoopResources loops, @Nullable SslContext sslContext) {
		if (loops != null) {
			client = client.runOn(loops);
		}
		if (sslContext != null) {
			client = client.secure((spec) -> spec.sslContext(sslContext));
		}
		client = proxied(client, builder);
		if (builder.wiretap) {
			RedactingLoggingHandler logger = new RedactingLoggingHandler("io.asyncopenai.http.wiretap");
			client = client.doOnChannelInit(
					(observer, channel, address) -> channel.pipeline().addFirst(RedactingLoggingHandler.NAME, logger));
		}
		return client;
	}

	private static HttpClient proxied(HttpClient client, OpenAIHttpClient.Builder builder) {
		ProxySettings proxies = builder.proxies;
		if (proxies.isEmpty() && builder.trustEnv) {
			proxies = ProxySettings.fromEnvironment(System.getenv());
			if (proxies.isEmpty()) {
				return client.proxyWithSystemProperties();
			}
		}
		if (proxies.isEmpty()) {
			return client.noProxy();
		}
		ProxySettings routing = proxies;
		return client.proxyWhen((config, spec) -> {
			String uri = config.uri();
			URI target = (uri != null) ? URI.create(uri) : null;
			if (target == null || target.getHost() == null) {
				return Mono.empty();
			}
			boolean secure = "https".equalsIgnoreCase(target.getScheme()) || "wss".equalsIgnoreCase(target.getScheme());
			URI proxy = routing.select(secure, target.getHost());
			if (proxy == null) {
				return Mono.empty();
			}
			String scheme = proxy.getScheme().toLowerCase(Locale.ROOT);
			ProxyProvider.Proxy type = scheme.startsWith("socks5") ? ProxyProvider.Proxy.SOCKS5
					: scheme.equals("socks4") ? ProxyProvider.Proxy.SOCKS4 : ProxyProvider.Proxy.HTTP;
			ProxyProvider.Builder proxyBuilder = spec.type(type)
				.host(proxy.getHost())
				.port(ProxySettings.port(proxy))
				.connectTimeoutMillis(builder.connectTimeout.toMillis());
			String username = ProxySettings.username(proxy);
			if (username != null) {
				String password = ProxySettings.password(proxy);
				proxyBuilder = proxyBuilder.username(username).password((user) -> (password != null) ? password : "");
			}
			return Mono.just(proxyBuilder);
		});
	}

	private static @Nullable SslContext sslContext(OpenAIHttpClient.Builder builder, boolean alpn) {
		if (builder.sslContext != null) {
			return builder.sslContext;
		}
		boolean customTrust = !builder.verify || !builder.trustedCertificates.isEmpty()
				|| builder.trustManagerFactory != null;
		if (!customTrust && builder.keyManagerFactory == null && !alpn) {
			return null;
		}
		try {
			SslContextBuilder ssl = SslContextBuilder.forClient();
			if (!builder.verify) {
				ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
			}
			else if (builder.trustManagerFactory != null) {
				ssl.trustManager(builder.trustManagerFactory);
			}
			else if (!builder.trustedCertificates.isEmpty()) {
				ssl.trustManager(builder.trustedCertificates.toArray(X509Certificate[]::new));
			}
			if (builder.keyManagerFactory != null) {
				ssl.keyManager(builder.keyManagerFactory);
			}
			if (alpn) {
				ssl.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
						ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
						ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2,
						ApplicationProtocolNames.HTTP_1_1));
			}
			return ssl.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Could not set up TLS: " + ex.getMessage(), ex);
		}
	}

	private static boolean isRedirect(int status) {
		return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
	}

	private static int redirects(HttpClientRequest request) {
		return request.redirectedFrom().length;
	}

	private static String previousUrl(HttpClientRequest redirect) {
		String[] from = redirect.redirectedFrom();
		return from[from.length - 1];
	}

	static boolean sameOrigin(String first, String second) {
		try {
			URI a = URI.create(first);
			URI b = URI.create(second);
			return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
					&& a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static Duration evictionInterval(Duration keepAliveExpiry) {
		Duration half = keepAliveExpiry.dividedBy(2);
		return (half.compareTo(Duration.ofMillis(100)) < 0) ? Duration.ofMillis(100) : half;
	}

}
