package io.asyncopenai.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.asyncopenai.core.AzureOptions;

/**
 * Configuration properties of the AsyncOpenAI client: {@code openai.*} for the API and
 * {@code openai.http.*} for its transport. Defaults are the OpenAI Python SDK's.
 */
@ConfigurationProperties("openai")
public class OpenAIProperties {

	/**
	 * Whether to auto-configure the AsyncOpenAI client.
	 */
	private boolean enabled = true;

	/**
	 * Kind of API the client talks to; defaults to azure when azure.endpoint is set, else openai.
	 */
	private @Nullable Kind kind;

	/**
	 * API key sent as a bearer token (as the api-key header to Azure OpenAI); defaults to the
	 * OPENAI_API_KEY environment variable (AZURE_OPENAI_API_KEY for Azure).
	 */
	private @Nullable String apiKey;

	/**
	 * Base URL of the API; defaults to OPENAI_BASE_URL, else https://api.openai.com/v1.
	 */
	private @Nullable String baseUrl;

	/**
	 * Organization sent as OpenAI-Organization; defaults to OPENAI_ORG_ID.
	 */
	private @Nullable String organization;

	/**
	 * Project sent as OpenAI-Project; defaults to OPENAI_PROJECT_ID.
	 */
	private @Nullable String project;

	/**
	 * Maximum number of retries of a failed request.
	 */
	private int maxRetries = 2;

	/**
	 * Secret (whsec_...) that webhook signatures are checked with; defaults to OPENAI_WEBHOOK_SECRET.
	 */
	private @Nullable String webhookSecret;

	/**
	 * Query parameters added to every request, such as an OpenAI-compatible server's api-version.
	 */
	private Map<String, String> defaultQuery = new LinkedHashMap<>();

	/**
	 * Members added to every JSON request body that lacks them; values are JSON where they parse as JSON, else strings.
	 */
	private Map<String, String> extraBody = new LinkedHashMap<>();

	/**
	 * Whether streamed chat completions ask for the usage chunk (stream_options.include_usage).
	 */
	private boolean streamIncludeUsage;

	private final Azure azure = new Azure();

	private final Http http = new Http();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getOrganization() {
		return this.organization;
	}

	public void setOrganization(@Nullable String organization) {
		this.organization = organization;
	}

	public @Nullable String getProject() {
		return this.project;
	}

	public void setProject(@Nullable String project) {
		this.project = project;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public @Nullable String getWebhookSecret() {
		return this.webhookSecret;
	}

	public void setWebhookSecret(@Nullable String webhookSecret) {
		this.webhookSecret = webhookSecret;
	}

	public Map<String, String> getDefaultQuery() {
		return this.defaultQuery;
	}

	public void setDefaultQuery(Map<String, String> defaultQuery) {
		this.defaultQuery = defaultQuery;
	}

	public Map<String, String> getExtraBody() {
		return this.extraBody;
	}

	public void setExtraBody(Map<String, String> extraBody) {
		this.extraBody = extraBody;
	}

	public boolean isStreamIncludeUsage() {
		return this.streamIncludeUsage;
	}

	public void setStreamIncludeUsage(boolean streamIncludeUsage) {
		this.streamIncludeUsage = streamIncludeUsage;
	}

	public @Nullable Kind getKind() {
		return this.kind;
	}

	public void setKind(@Nullable Kind kind) {
		this.kind = kind;
	}

	/**
	 * The kind of API the client talks to: {@code kind}, else Azure when {@code azure.endpoint}
	 * is set.
	 * @return the kind
	 */
	Kind effectiveKind() {
		if (this.kind != null) {
			return this.kind;
		}
		return (this.azure.getEndpoint() != null && !this.azure.getEndpoint().isBlank()) ? Kind.AZURE : Kind.OPENAI;
	}

	public Azure getAzure() {
		return this.azure;
	}

	public Http getHttp() {
		return this.http;
	}

	@Override
	public String toString() {
		return "OpenAIProperties{enabled=" + this.enabled + ", apiKey=" + ((this.apiKey != null) ? "[redacted]" : null)
				+ ", baseUrl=" + this.baseUrl + ", organization=" + this.organization + ", project=" + this.project
				+ ", kind=" + this.kind + ", maxRetries=" + this.maxRetries + ", webhookSecret="
				+ ((this.webhookSecret != null) ? "[redacted]" : null) + "}";
	}

	/**
	 * The kinds of API a client can talk to.
	 */
	public enum Kind {

		/** OpenAI's API, or an OpenAI-compatible server at the base URL. */
		OPENAI,

		/** Azure OpenAI, at {@code azure.endpoint}. */
		AZURE

	}

	/**
	 * Azure OpenAI settings: {@code openai.azure.*}.
	 */
	public static class Azure {

		/**
		 * Endpoint of the Azure OpenAI resource, such as https://my-resource.openai.azure.com.
		 */
		private @Nullable String endpoint;

		/**
		 * Value of the api-version query parameter of every request; required by deployment paths.
		 */
		private @Nullable String apiVersion;

		/**
		 * Style of the request paths: v1 (/openai/v1/...) or deployments (/openai/deployments/{deployment}/...).
		 */
		private AzureOptions.PathStyle pathStyle = AzureOptions.PathStyle.V1;

		/**
		 * Deployment that deployment-scoped requests go to; defaults to the one the request's model names.
		 */
		private @Nullable String deployment;

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getApiVersion() {
			return this.apiVersion;
		}

		public void setApiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
		}

		public AzureOptions.PathStyle getPathStyle() {
			return this.pathStyle;
		}

		public void setPathStyle(AzureOptions.PathStyle pathStyle) {
			this.pathStyle = pathStyle;
		}

		public @Nullable String getDeployment() {
			return this.deployment;
		}

		public void setDeployment(@Nullable String deployment) {
			this.deployment = deployment;
		}

	}

	/**
	 * Transport settings: {@code openai.http.*}.
	 */
	public static class Http {

		/**
		 * Default of the read, write and pool timeouts.
		 */
		private Duration timeout = Duration.ofSeconds(600);

		/**
		 * Time to establish a TCP connection.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Longest wait between two reads of a response; defaults to the timeout.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * Longest time one write of a request may take; defaults to the timeout.
		 */
		private @Nullable Duration writeTimeout;

		/**
		 * Longest wait for a pooled connection when all are busy; defaults to the timeout.
		 */
		private @Nullable Duration poolTimeout;

		/**
		 * Maximum number of connections of the client's own pool.
		 */
		private int maxConnections = 1000;

		/**
		 * Maximum number of idle connections kept open; others are closed when released.
		 */
		private int maxKeepaliveConnections = 100;

		/**
		 * Idle time after which a kept connection is closed.
		 */
		private Duration keepaliveExpiry = Duration.ofSeconds(5);

		/**
		 * Whether to follow redirects.
		 */
		private boolean followRedirects = true;

		/**
		 * Maximum number of redirects one request follows.
		 */
		private int maxRedirects = 20;

		/**
		 * Default headers sent with every request.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		private final Proxies proxies = new Proxies();

		/**
		 * Hosts that bypass the proxies: names, *.suffix or .suffix wildcards, or * for all.
		 */
		private List<String> noProxy = new ArrayList<>();

		/**
		 * Whether, without proxies, to honour HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, then
		 * the JVM's proxy system properties.
		 */
		private boolean trustEnv = true;

		/**
		 * Whether to verify the server's TLS certificate; false trusts any certificate.
		 */
		private boolean verify = true;

		/**
		 * PEM resource of the certificate authorities to trust instead of the JDK's.
		 */
		private @Nullable String caCertificates;

		private final Ssl ssl = new Ssl();

		private final WebSocket websocket = new WebSocket();

		private final RateLimit rateLimit = new RateLimit();

		/**
		 * Whether to offer HTTP/2 over TLS.
		 */
		private boolean http2 = false;

		/**
		 * Whether to accept compressed responses.
		 */
		private boolean compression = true;

		/**
		 * Whether to log all traffic at DEBUG, with credential headers redacted.
		 */
		private boolean wiretap = false;

		/**
		 * Largest response body read; a larger one fails the call instead of exhausting memory.
		 */
		private DataSize maxResponseSize = DataSize.ofMegabytes(64);

		/**
		 * Longest line of a streamed response; a longer one fails the stream.
		 */
		private DataSize maxSseLineSize = DataSize.ofMegabytes(4);

		/**
		 * Largest size of a response's headers, all together.
		 */
		private DataSize maxResponseHeaderSize = DataSize.ofKilobytes(64);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(@Nullable Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public @Nullable Duration getPoolTimeout() {
			return this.poolTimeout;
		}

		public void setPoolTimeout(@Nullable Duration poolTimeout) {
			this.poolTimeout = poolTimeout;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxKeepaliveConnections() {
			return this.maxKeepaliveConnections;
		}

		public void setMaxKeepaliveConnections(int maxKeepaliveConnections) {
			this.maxKeepaliveConnections = maxKeepaliveConnections;
		}

		public Duration getKeepaliveExpiry() {
			return this.keepaliveExpiry;
		}

		public void setKeepaliveExpiry(Duration keepaliveExpiry) {
			this.keepaliveExpiry = keepaliveExpiry;
		}

		public boolean isFollowRedirects() {
			return this.followRedirects;
		}

		public void setFollowRedirects(boolean followRedirects) {
			this.followRedirects = followRedirects;
		}

		public int getMaxRedirects() {
			return this.maxRedirects;
		}

		public void setMaxRedirects(int maxRedirects) {
			this.maxRedirects = maxRedirects;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public Proxies getProxies() {
			return this.proxies;
		}

		public List<String> getNoProxy() {
			return this.noProxy;
		}

		public void setNoProxy(List<String> noProxy) {
			this.noProxy = noProxy;
		}

		public boolean isTrustEnv() {
			return this.trustEnv;
		}

		public void setTrustEnv(boolean trustEnv) {
			this.trustEnv = trustEnv;
		}

		public boolean isVerify() {
			return this.verify;
		}

		public void setVerify(boolean verify) {
			this.verify = verify;
		}

		public @Nullable String getCaCertificates() {
			return this.caCertificates;
		}

		public void setCaCertificates(@Nullable String caCertificates) {
			this.caCertificates = caCertificates;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public WebSocket getWebsocket() {
			return this.websocket;
		}

		public RateLimit getRateLimit() {
			return this.rateLimit;
		}

		public boolean isHttp2() {
			return this.http2;
		}

		public void setHttp2(boolean http2) {
			this.http2 = http2;
		}

		public boolean isCompression() {
			return this.compression;
		}

		public void setCompression(boolean compression) {
			this.compression = compression;
		}

		public boolean isWiretap() {
			return this.wiretap;
		}

		public void setWiretap(boolean wiretap) {
			this.wiretap = wiretap;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public DataSize getMaxSseLineSize() {
			return this.maxSseLineSize;
		}

		public void setMaxSseLineSize(DataSize maxSseLineSize) {
			this.maxSseLineSize = maxSseLineSize;
		}

		public DataSize getMaxResponseHeaderSize() {
			return this.maxResponseHeaderSize;
		}

		public void setMaxResponseHeaderSize(DataSize maxResponseHeaderSize) {
			this.maxResponseHeaderSize = maxResponseHeaderSize;
		}

	}

	/**
	 * Proxies by target scheme: {@code openai.http.proxies.*}.
	 */
	public static class Proxies {

		/**
		 * Proxy URL for http:// targets (http://, https:// or socks5://, credentials in the URL).
		 */
		private @Nullable String http;

		/**
		 * Proxy URL for https:// targets (http://, https:// or socks5://, credentials in the URL).
		 */
		private @Nullable String https;

		public @Nullable String getHttp() {
			return this.http;
		}

		public void setHttp(@Nullable String http) {
			this.http = http;
		}

		public @Nullable String getHttps() {
			return this.https;
		}

		public void setHttps(@Nullable String https) {
			this.https = https;
		}

	}

	/**
	 * WebSocket connections (Realtime, Responses WebSocket mode): {@code openai.http.websocket.*}.
	 */
	public static class WebSocket {

		/**
		 * Largest message read from a WebSocket; a larger one closes the connection.
		 */
		private DataSize maxFrameSize = DataSize.ofMegabytes(16);

		/**
		 * Time between two pings on an open WebSocket; 0 sends none.
		 */
		private Duration pingInterval = Duration.ofSeconds(20);

		/**
		 * Time without any frame from the server after which a WebSocket counts as dead; 0 for never.
		 */
		private Duration idleTimeout = Duration.ofSeconds(60);

		/**
		 * Events that may wait for a slow consumer before the connection is closed.
		 */
		private int maxQueuedEvents = 1024;

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public int getMaxQueuedEvents() {
			return this.maxQueuedEvents;
		}

		public void setMaxQueuedEvents(int maxQueuedEvents) {
			this.maxQueuedEvents = maxQueuedEvents;
		}

	}

	/**
	 * Client-side rate limiting from the server's {@code x-ratelimit-*} headers:
	 * {@code openai.http.rate-limit.*}.
	 */
	public static class RateLimit {

		/**
		 * Whether to hold calls, queued in order, within the budget the server announces, and pause them all after a 429's retry-after.
		 */
		private boolean enabled;

		/**
		 * Calls that may wait for the rate limit; one more fails at once.
		 */
		private int maxQueuedCalls = 10_000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxQueuedCalls() {
			return this.maxQueuedCalls;
		}

		public void setMaxQueuedCalls(int maxQueuedCalls) {
			this.maxQueuedCalls = maxQueuedCalls;
		}

	}

	/**
	 * TLS settings: {@code openai.http.ssl.*}.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle to use (custom trust, client certificate).
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}
