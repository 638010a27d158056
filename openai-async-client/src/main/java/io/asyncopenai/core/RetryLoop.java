package io.asyncopenai.core;

import java.time.Duration;
import java.util.Objects;

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
		return attempt(call, type, 0);
	}

	/**
	 * Runs a call whose body is not JSON: retries until its headers arrive, then hands over a
	 * body that is read as the caller consumes it, never retried.
	 */
	Mono<BinaryResponse> download(Call call) {
		return attemptDownload(call, 0);
	}

	private Mono<BinaryResponse> attemptDownload(Call call, int retry) {
		Mono<BinaryResponse> response = this.writer.request(call, retry)
			.retrieve()
			.onStatus((status) -> !status.is2xxSuccessful(), this.reader::failure)
			.toEntityFlux(DataBuffer.class)
			.map((entity) -> this.reader.binary(entity.getStatusCode().value(), entity.getHeaders(),
					Objects.requireNonNullElse(entity.getBody(), Flux.<DataBuffer>empty())
						.onErrorMap((failure) -> this.failures.map(failure, call)),
					call.timeout))
			.onErrorMap((failure) -> this.failures.map(failure, call));
		return response.onErrorResume((failure) -> {
			Duration delay = this.failures.retryDelay(call, retry, failure);
			return (delay != null) ? Mono.delay(delay).then(attemptDownload(call, retry + 1)) : Mono.error(failure);
		});
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
