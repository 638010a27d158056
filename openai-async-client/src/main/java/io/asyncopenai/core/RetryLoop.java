package io.asyncopenai.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;

import org.springframework.core.io.buffer.DataBuffer;

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
		return retrying(call, 0, (retry) -> this.writer.exchange(call, retry,
				(request) -> request.exchangeToMono((clientResponse) -> {
					call.responded(clientResponse);
					return this.reader.<T>read(clientResponse, type);
				})));
	}

	/**
	 * Runs a call whose body is not JSON: retries until its headers arrive, then hands over a
	 * body that is read as the caller consumes it, never retried.
	 */
	Mono<BinaryResponse> download(Call call) {
		return retrying(call, 0, (retry) -> this.writer.exchange(call, retry, (request) -> request.retrieve()
			.onStatus((status) -> !status.is2xxSuccessful(), this.reader::failure)
			.toEntityFlux(DataBuffer.class)
			.map((entity) -> this.reader.binary(entity.getStatusCode().value(), entity.getHeaders(),
					Objects.requireNonNullElse(entity.getBody(), Flux.<DataBuffer>empty())
						.onErrorMap((failure) -> this.failures.map(failure, call)),
					call.timeout))));
	}

	/** An attempt, its failure mapped, and after a retryable one the next attempt, until the retries are spent. */
	private <T> Mono<T> retrying(Call call, int retry, IntFunction<Mono<T>> attempt) {
		return attempt.apply(retry).onErrorMap((failure) -> this.failures.map(failure, call)).onErrorResume((failure) -> {
			Duration delay = this.failures.retryDelay(call, retry, failure);
			return (delay != null) ? Mono.delay(delay).then(retrying(call, retry + 1, attempt)) : Mono.error(failure);
		});
	}

}
