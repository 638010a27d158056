package io.asyncopenai.core;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * One call: what every attempt of it sends, and how long and how often it may try.
 */
final class Call {

	final HttpMethod method;

	final Target target;

	final byte @Nullable [] body;

	final RequestOptions requestOptions;

	final Duration timeout;

	final int maxRetries;

	Call(HttpMethod method, Target target, byte @Nullable [] body, RequestOptions requestOptions, Duration timeout,
			int maxRetries) {
		this.method = method;
		this.target = target;
		this.body = body;
		this.requestOptions = requestOptions;
		this.timeout = timeout;
		this.maxRetries = maxRetries;
	}

	/**
	 * Where a call goes, and the URI template its observations record.
	 *
	 * @param uri the absolute URI with path values and query
	 * @param uriTemplate the base URL and the path's template
	 */
	record Target(URI uri, String uriTemplate) {

	}

}
