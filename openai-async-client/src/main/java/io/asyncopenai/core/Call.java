package io.asyncopenai.core;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientResponse;

import io.asyncopenai.observation.GenAiObservationContext;

/**
 * One call: what every attempt of it sends, and how long and how often it may try.
 */
final class Call {

	final HttpMethod method;

	final Target target;

	final byte @Nullable [] body;

	/** A multipart body, sent instead of {@link #body}. */
	final @Nullable MultipartBody multipart;

	/** The {@code Accept} header, if not JSON. */
	final @Nullable String accept;

	final RequestOptions requestOptions;

	final Duration timeout;

	final int maxRetries;

	/** The observation of the call, which takes each attempt's request id, if it is observed. */
	@Nullable GenAiObservationContext observation;

	Call(HttpMethod method, Target target, byte @Nullable [] body, @Nullable MultipartBody multipart,
			@Nullable String accept, RequestOptions requestOptions, Duration timeout, int maxRetries) {
		this.method = method;
		this.target = target;
		this.body = body;
		this.multipart = multipart;
		this.accept = accept;
		this.requestOptions = requestOptions;
		this.timeout = timeout;
		this.maxRetries = maxRetries;
	}

	/** Notes the response of an attempt, whose headers have arrived. */
	void responded(ClientResponse response) {
		GenAiObservationContext observed = this.observation;
		if (observed != null) {
			observed.setRequestId(response.headers().asHttpHeaders().getFirst("x-request-id"));
		}
	}

	/** Whether the call's body can be sent again, for another attempt. */
	boolean canResend() {
		return this.multipart == null || this.multipart.canResend();
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
