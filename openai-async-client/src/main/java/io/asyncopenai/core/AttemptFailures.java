package io.asyncopenai.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.http.OpenAIHttpClient;

/**
 * What becomes of a failed attempt: the client's exception for it, and whether and after how
 * long the call is tried again.
 */
final class AttemptFailures {

	private final OpenAIHttpClient transport;

	private final ErrorMapper errors;

	private final RetryPolicy retryPolicy;

	AttemptFailures(OpenAIHttpClient transport, ErrorMapper errors, RetryPolicy retryPolicy) {
		this.transport = transport;
		this.errors = errors;
		this.retryPolicy = retryPolicy;
	}

	/** The client's exception for a failure of the transport; the client's own pass through. */
	Throwable map(Throwable failure, Call call) {
		if (this.transport.isClosed() && !(failure instanceof OpenAIException)) {
			return new APIConnectionException("The OpenAI client was closed while the request was in flight", failure);
		}
		return this.errors.transport(failure, call.timeout);
	}

	/** The wait before retrying a failed attempt, or {@code null} if it is not retried. */
	@Nullable Duration retryDelay(Call call, int retry, Throwable failure) {
		return (retry < call.maxRetries && !this.transport.isClosed() && call.canResend()
				&& this.retryPolicy.shouldRetry(failure))
				? this.retryPolicy.delay(failure, retry) : null;
	}

}
