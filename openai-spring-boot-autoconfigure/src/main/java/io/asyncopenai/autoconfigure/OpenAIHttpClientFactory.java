package io.asyncopenai.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.unit.DataSize;

import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.http.ProxySettings;

/**
 * Turns {@code openai.http.*} into an {@link OpenAIHttpClient.Builder}, failing with the
 * property's name and value when a value is invalid.
 */
final class OpenAIHttpClientFactory {

	private static final Log logger = LogFactory.getLog(OpenAIHttpClientFactory.class);

	private static final String PREFIX = "openai.http.";

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	OpenAIHttpClientFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
	}

	OpenAIHttpClient.Builder builder(OpenAIProperties.Http http) {
		OpenAIHttpClient.Builder builder = OpenAIHttpClient.builder().name("openai");
		builder.timeout(positive("timeout", http.getTimeout()));
		builder.connectTimeout(positive("connect-timeout", http.getConnectTimeout()));
		builder.readTimeout(positiveOrNull("read-timeout", http.getReadTimeout()));
		builder.writeTimeout(positiveOrNull("write-timeout", http.getWriteTimeout()));
		builder.poolTimeout(positiveOrNull("pool-timeout", http.getPoolTimeout()));
		builder.keepAliveExpiry(positive("keepalive-expiry", http.getKeepaliveExpiry()));
		if (http.getMaxConnections() < 1) {
			throw invalid("max-connections", http.getMaxConnections(), "must be at least 1");
		}
		builder.maxConnections(http.getMaxConnections());
		if (http.getMaxKeepaliveConnections() < 0
				|| http.getMaxKeepaliveConnections() > http.getMaxConnections()) {
			throw invalid("max-keepalive-connections", http.getMaxKeepaliveConnections(),
					"must be between 0 and openai.http.max-connections (" + http.getMaxConnections() + ")");
		}
		builder.maxKeepAliveConnections(http.getMaxKeepaliveConnections());
		builder.followRedirects(http.isFollowRedirects());
		if (http.getMaxRedirects() < 0) {
			throw invalid("max-redirects", http.getMaxRedirects(), "must not be negative");
		}
		builder.maxRedirects(http.getMaxRedirects());
		http.getHeaders().forEach(builder::header);
		proxy(builder, "proxies.http", http.getProxies().getHttp(), (url) -> builder.proxy("http", url));
		proxy(builder, "proxies.https", http.getProxies().getHttps(), (url) -> builder.proxy("https", url));
		if (!http.getNoProxy().isEmpty()) {
			builder.noProxy(http.getNoProxy().toArray(String[]::new));
		}
		builder.trustEnv(http.isTrustEnv());
		builder.verify(http.isVerify());
		if (!http.isVerify()) {
			logger.warn("openai.http.verify=false: the OpenAI client trusts any TLS certificate. "
					+ "Use it for tests only; set openai.http.ca-certificates or openai.http.ssl.bundle instead.");
		}
		if (http.getCaCertificates() != null) {
			trustPem(builder, http.getCaCertificates());
		}
		if (http.getSsl().getBundle() != null) {
			SslBundle bundle = bundle(http.getSsl().getBundle());
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			builder.keyManager(bundle.getManagers().getKeyManagerFactory());
		}
		builder.http2(http.isHttp2());
		builder.compression(http.isCompression());
		builder.wiretap(http.isWiretap());
		builder.maxResponseSize(size("max-response-size", http.getMaxResponseSize()));
		builder.maxSseLineSize(size("max-sse-line-size", http.getMaxSseLineSize()));
		builder.maxResponseHeaderSize(size("max-response-header-size", http.getMaxResponseHeaderSize()));
		webSocket(builder, http.getWebsocket());
		return builder;
	}

	private static void webSocket(OpenAIHttpClient.Builder builder, OpenAIProperties.WebSocket websocket) {
		builder.webSocketMaxFrameSize(size("websocket.max-frame-size", websocket.getMaxFrameSize()));
		Duration pingInterval = notNegative("websocket.ping-interval", websocket.getPingInterval());
		Duration idleTimeout = notNegative("websocket.idle-timeout", websocket.getIdleTimeout());
		if (!pingInterval.isZero() && !idleTimeout.isZero() && pingInterval.compareTo(idleTimeout) >= 0) {
			throw invalid("websocket.ping-interval", pingInterval,
					"must be shorter than openai.http.websocket.idle-timeout (" + idleTimeout + ")");
		}
		builder.webSocketPingInterval(pingInterval);
		builder.webSocketIdleTimeout(idleTimeout);
		if (websocket.getMaxQueuedEvents() < 1) {
			throw invalid("websocket.max-queued-events", websocket.getMaxQueuedEvents(), "must be at least 1");
		}
		builder.webSocketMaxQueuedEvents(websocket.getMaxQueuedEvents());
	}

	private static Duration notNegative(String property, @Nullable Duration duration) {
		if (duration == null || duration.isNegative()) {
			throw invalid(property, duration, "must be zero or a positive duration");
		}
		return duration;
	}

	private static void proxy(OpenAIHttpClient.Builder builder, String property, @Nullable String url,
			Consumer<String> apply) {
		if (url == null || url.isBlank()) {
			return;
		}
		try {
			ProxySettings.parse(url);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(property, ProxySettings.withoutCredentials(url), ex.getMessage());
		}
		apply.accept(url);
	}

	private void trustPem(OpenAIHttpClient.Builder builder, String location) {
		Resource resource = this.resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw invalid("ca-certificates", location, "the resource does not exist");
		}
		String text;
		try (InputStream in = resource.getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw invalid("ca-certificates", location, "the resource cannot be read: " + ex.getMessage());
		}
		try {
			builder.trustedCertificates(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("ca-certificates", location, "the resource holds no PEM certificate");
		}
	}

	private SslBundle bundle(String name) {
		if (this.sslBundles == null) {
			throw invalid("ssl.bundle", name, "no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		try {
			return this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw invalid("ssl.bundle", name, "no SSL bundle of that name is configured (spring.ssl.bundle.*)");
		}
	}

	private static int size(String property, DataSize size) {
		if (size == null || size.toBytes() < 1024 || size.toBytes() > Integer.MAX_VALUE) {
			throw invalid(property, size, "must be between 1KB and 2GB");
		}
		return (int) size.toBytes();
	}

	private static Duration positive(String property, Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw invalid(property, duration, "must be a positive duration");
		}
		return duration;
	}

	private static @Nullable Duration positiveOrNull(String property, @Nullable Duration duration) {
		return (duration != null) ? positive(property, duration) : null;
	}

	static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(PREFIX + property, value, reason);
	}


}
