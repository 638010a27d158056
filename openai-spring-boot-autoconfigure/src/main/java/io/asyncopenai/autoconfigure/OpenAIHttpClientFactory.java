package io.asyncopenai.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
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
 * Turns {@code openai.http.*} into an {@link OpenAIHttpClient}, failing with the property's
 * name and value when the builder refuses a value.
 */
final class OpenAIHttpClientFactory {

	private static final Log logger = LogFactory.getLog(OpenAIHttpClientFactory.class);

	private final String prefix;

	private final String poolName;

	private final ResourceLoader resourceLoader;

	private final @Nullable SslBundles sslBundles;

	/**
	 * The factory of the default client's transport ({@code openai.http.*}, pool {@code openai}).
	 */
	OpenAIHttpClientFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		this(resourceLoader, sslBundles, "openai.http.", "openai");
	}

	/**
	 * The factory of a transport whose properties have a prefix of their own.
	 * @param prefix the prefix, such as {@code openai.clients.azure.http.}
	 * @param poolName the name of its pool, as metrics show it
	 */
	OpenAIHttpClientFactory(ResourceLoader resourceLoader, @Nullable SslBundles sslBundles, String prefix,
			String poolName) {
		this.resourceLoader = resourceLoader;
		this.sslBundles = sslBundles;
		this.prefix = prefix;
		this.poolName = poolName;
	}

	/**
	 * The transport of {@code openai.http.*}: each property set on the builder, which checks
	 * it; then {@code more} (the WebClient builder, metrics, customizers); then built.
	 * @param http the properties
	 * @param more what else to set on the builder before it is built
	 * @return the transport
	 * @throws InvalidConfigurationPropertyValueException naming the first property the builder
	 * refused
	 */
	OpenAIHttpClient create(OpenAIProperties.Http http, Consumer<OpenAIHttpClient.Builder> more) {
		OpenAIHttpClient.Builder builder = OpenAIHttpClient.builder().name(this.poolName);
		BuilderProperties to = new BuilderProperties(this.prefix);
		PropertyMapper map = PropertyMapper.get();
		map.from(http::getTimeout).to(to.to("timeout", "timeout", builder::timeout));
		map.from(http::getConnectTimeout).to(to.to("connect-timeout", "connectTimeout", builder::connectTimeout));
		map.from(http::getReadTimeout).to(to.to("read-timeout", "readTimeout", builder::readTimeout));
		map.from(http::getWriteTimeout).to(to.to("write-timeout", "writeTimeout", builder::writeTimeout));
		map.from(http::getPoolTimeout).to(to.to("pool-timeout", "poolTimeout", builder::poolTimeout));
		map.from(http::getKeepaliveExpiry).to(to.to("keepalive-expiry", "keepAliveExpiry", builder::keepAliveExpiry));
		map.from(http::getMaxConnections).to(to.to("max-connections", "maxConnections", builder::maxConnections));
		map.from(http::getMaxKeepaliveConnections)
			.to(to.to("max-keepalive-connections", "maxKeepAliveConnections", builder::maxKeepAliveConnections));
		map.from(http::isFollowRedirects).to(builder::followRedirects);
		map.from(http::getMaxRedirects).to(to.to("max-redirects", "maxRedirects", builder::maxRedirects));
		http.getHeaders().forEach(builder::header);
		map.from(http.getProxies()::getHttp)
			.whenHasText()
			.to(to.to("proxies.http", "proxyHttp", (url) -> builder.proxy("http", url), ProxySettings::withoutCredentials));
		map.from(http.getProxies()::getHttps)
			.whenHasText()
			.to(to.to("proxies.https", "proxyHttps", (url) -> builder.proxy("https", url),
					ProxySettings::withoutCredentials));
		map.from(http::getNoProxy)
			.whenNot(List::isEmpty)
			.to((hosts) -> builder.noProxy(hosts.toArray(String[]::new)));
		map.from(http::isTrustEnv).to(builder::trustEnv);
		map.from(http::isVerify).to(builder::verify);
		if (!http.isVerify()) {
			logger.warn(this.prefix + "verify=false: the OpenAI client trusts any TLS certificate. Use it for tests "
					+ "only; set " + this.prefix + "ca-certificates or " + this.prefix + "ssl.bundle instead.");
		}
		map.from(http::getCaCertificates)
			.to(to.to("ca-certificates", "trustedCertificates", (location) -> builder.trustedCertificates(pem(location)),
					(location) -> location));
		map.from(http.getSsl()::getBundle).as(this::bundle).to((bundle) -> {
			builder.trustManager(bundle.getManagers().getTrustManagerFactory());
			builder.keyManager(bundle.getManagers().getKeyManagerFactory());
		});
		map.from(http::isHttp2).to(builder::http2);
		map.from(http::isCompression).to(builder::compression);
		map.from(http::isWiretap).to(builder::wiretap);
		map.from(http::getMaxResponseSize)
			.as((size) -> bytes("max-response-size", size))
			.to(to.to("max-response-size", "maxResponseSize", builder::maxResponseSize, (bytes) -> http.getMaxResponseSize()));
		map.from(http::getMaxSseLineSize)
			.as((size) -> bytes("max-sse-line-size", size))
			.to(to.to("max-sse-line-size", "maxSseLineSize", builder::maxSseLineSize, (bytes) -> http.getMaxSseLineSize()));
		map.from(http::getMaxResponseHeaderSize)
			.as((size) -> bytes("max-response-header-size", size))
			.to(to.to("max-response-header-size", "maxResponseHeaderSize", builder::maxResponseHeaderSize,
					(bytes) -> http.getMaxResponseHeaderSize()));
		OpenAIProperties.WebSocket websocket = http.getWebsocket();
		map.from(websocket::getMaxFrameSize)
			.as((size) -> bytes("websocket.max-frame-size", size))
			.to(to.to("websocket.max-frame-size", "webSocketMaxFrameSize", builder::webSocketMaxFrameSize,
					(bytes) -> websocket.getMaxFrameSize()));
		map.from(websocket::getPingInterval)
			.to(to.to("websocket.ping-interval", "webSocketPingInterval", builder::webSocketPingInterval));
		map.from(websocket::getIdleTimeout)
			.to(to.to("websocket.idle-timeout", "webSocketIdleTimeout", builder::webSocketIdleTimeout));
		map.from(websocket::getMaxQueuedEvents)
			.to(to.to("websocket.max-queued-events", "webSocketMaxQueuedEvents", builder::webSocketMaxQueuedEvents));
		OpenAIProperties.RateLimit rateLimit = http.getRateLimit();
		map.from(rateLimit::isEnabled).to(builder::rateLimit);
		map.from(rateLimit::getMaxQueuedCalls)
			.to(to.to("rate-limit.max-queued-calls", "rateLimitMaxQueuedCalls", builder::rateLimitMaxQueuedCalls));
		more.accept(builder);
		return to.build(builder::build);
	}

	/** The text of a PEM resource; the builder says whether it holds certificates. */
	private String pem(String location) {
		Resource resource = this.resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw invalid("ca-certificates", location, "the resource does not exist");
		}
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw invalid("ca-certificates", location, "the resource cannot be read: " + ex.getMessage());
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

	/** A size in bytes as the builder takes it; the builder checks the least it allows. */
	private int bytes(String property, DataSize size) {
		if (size.toBytes() > Integer.MAX_VALUE || size.toBytes() < 0) {
			throw invalid(property, size, "must be between 0B and 2GB");
		}
		return (int) size.toBytes();
	}



	private InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(this.prefix + property, value, reason);
	}


}
