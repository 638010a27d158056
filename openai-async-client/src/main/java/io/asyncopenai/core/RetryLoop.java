package io.asyncopenai.core;

import java.time.Duration;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;

/**
 * Runs a call that has one response: an attempt, and after a retryable failure another, until
 * one succeeds or the call's retries are spent.
 */
final class RetryLoop {

	private final RequestWriter writer;

	private final ResponseReader reader;

	private final AttemptFailures failures;

	RetryLoop(RequestWriter writer, ResponseReader reader, AttemptFailures failures) {
		this.writer = writer;
		this.reader = reader;
		this.failures = failures;
	}

	<T> Mono<T> run(Call call, JavaType type) {
		return attempt(call, type, 0);
	}

	private <T> Mono<T> attempt(Call call, JavaType type, int retry) {
		Mono<T> response = this.writer.request(call, retry)
			.exchangeToMono((clientResponse) -> this.reader.<T>read(clientResponse, type))
			.onErrorMap((failure) -> this.failures.map(failure, call));
		return response.onErrorResume((failure) -> {
			Duration delay = this.failures.retryDelay(call, retry, failure);
			return (delay != null) ? Mono.delay(delay).then(attempt(call, type, retry + 1)) : Mono.error(failure);
		});
	}

}
