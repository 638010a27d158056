package io.asyncopenai.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which proxy a request goes through: one proxy URL per target scheme ({@code http},
 * {@code https}) and hosts that bypass them. A proxy URL is {@code http://}, {@code https://},
 * {@code socks4://} or {@code socks5://} (also {@code socks5h://}) with optional credentials:
 * {@code http://user:password@proxy:3128}.
 *
 * @param http the proxy of {@code http://} targets, or {@code null} for none
 * @param https the proxy of {@code https://} targets, or {@code null} for none
 * @param noProxy hosts that bypass the proxies: exact names, {@code *.example.com} or
 * {@code .example.com} suffixes, IP addresses, or {@code *} for all
 */
public record ProxySettings(@Nullable URI http, @Nullable URI https, List<String> noProxy) {

	/** Settings that send nothing through a proxy. */
	public static final ProxySettings NONE = new ProxySettings(null, null, List.of());

	public ProxySettings {
		if (http != null) {
			validate(http);
		}
		if (https != null) {
			validate(https);
		}
		noProxy = List.copyOf(noProxy);
	}

	/**
	 * Parses a proxy URL.
	 * @param url the URL, for example {@code socks5://user:secret@proxy:1080}
	 * @return the URI
	 * @throws IllegalArgumentException if the URL does not parse, has no host, or has an
	 * unsupported scheme; the message names the URL without its credentials
	 */
	public static URI parse(String url) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("Proxy URL does not parse: " + withoutCredentials(url));
		}
		validate(uri);
		return uri;
	}

	/**
	 * The proxy settings of the environment, as the Python SDK's {@code trust_env} reads them:
	 * {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code ALL_PROXY} and {@code NO_PROXY} (either
	 * case).
	 * @param environment the environment variables
	 * @return the settings, {@link #NONE} if no proxy variable is set
	 */
	public static ProxySettings fromEnvironment(Map<String, String> environment) {
		String all = variable(environment, "all_proxy");
		String http = variable(environment, "http_proxy");
		String https = variable(environment, "https_proxy");
		http = (http != null) ? http : all;
		https = (https != null) ? https : all;
		if (http == null && https == null) {
			return NONE;
		}
		String noProxy = variable(environment, "no_proxy");
		List<String> hosts = new ArrayList<>();
		if (noProxy != null) {
			for (String host : noProxy.split(",")) {
				if (!host.isBlank()) {
					hosts.add(host.strip());
				}
			}
		}
		return new ProxySettings((http != null) ? parse(withScheme(http)) : null,
				(https != null) ? parse(withScheme(https)) : null, hosts);
	}

	/** Whether no proxy is configured. */
	public boolean isEmpty() {
		return this.http == null && this.https == null;
	}

	/**
	 * The proxy of a target, or {@code null} if it goes direct.
	 * @param secure whether the target is {@code https}
	 * @param host the target host
	 * @return the proxy URI, or {@code null}
	 */
	public @Nullable URI select(boolean secure, String host) {
		URI proxy = secure ? this.https : this.http;
		return (proxy != null && !bypasses(host)) ? proxy : null;
	}

	boolean bypasses(String host) {
		String target = host.toLowerCase(Locale.ROOT);
		if (target.startsWith("[") && target.endsWith("]")) {
			target = target.substring(1, target.length() - 1);
		}
		for (String entry : this.noProxy) {
			String pattern = entry.toLowerCase(Locale.ROOT);
			int port = pattern.lastIndexOf(':');
			if (port > 0 && pattern.indexOf(':') == port) {
				pattern = pattern.substring(0, port);
			}
			if (pattern.equals("*") || pattern.equals(target)) {
				return true;
			}
			String suffix = pattern.startsWith("*.") ? pattern.substring(1)
					: pattern.startsWith(".") ? pattern : "." + pattern;
			if (target.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "ProxySettings{http=" + ((this.http != null) ? withoutCredentials(this.http.toString()) : null)
				+ ", https=" + ((this.https != null) ? withoutCredentials(this.https.toString()) : null) + ", noProxy="
				+ this.noProxy + "}";
	}

	static @Nullable String username(URI proxy) {
		String userInfo = proxy.getRawUserInfo();
		if (userInfo == null) {
			return null;
		}
		int colon = userInfo.indexOf(':');
		return decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
	}

	static @Nullable String password(URI proxy) {
		String userInfo = proxy.getRawUserInfo();
		int colon = (userInfo != null) ? userInfo.indexOf(':') : -1;
		return (colon >= 0) ? decode(userInfo.substring(colon + 1)) : null;
	}

	static int port(URI proxy) {
		if (proxy.getPort() != -1) {
			return proxy.getPort();
		}
		return switch (proxy.getScheme().toLowerCase(Locale.ROOT)) {
			case "https" -> 443;
			case "socks4", "socks5", "socks5h" -> 1080;
			default -> 80;
		};
	}

	private static void validate(URI uri) {
		Objects.requireNonNull(uri, "proxy");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!List.of("http", "https", "socks4", "socks5", "socks5h").contains(scheme)) {
			throw new IllegalArgumentException("Proxy URL scheme must be http, https, socks4 or socks5, was '"
					+ scheme + "' in " + withoutCredentials(uri.toString()));
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("Proxy URL has no host: " + withoutCredentials(uri.toString()));
		}
	}

	private static @Nullable String variable(Map<String, String> environment, String name) {
		String value = environment.get(name.toUpperCase(Locale.ROOT));
		if (value == null || value.isBlank()) {
			value = environment.get(name);
		}
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String withScheme(String url) {
		return url.contains("://") ? url : "http://" + url;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/**
	 * A proxy URL fit for messages and logs: its credentials replaced.
	 * @param url the URL
	 * @return the URL without user name and password
	 */
	public static String withoutCredentials(String url) {
		return url.replaceFirst("//[^/@]*@", "//[credentials]@");
	}

}
