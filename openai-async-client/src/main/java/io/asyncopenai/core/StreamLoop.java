package io.asyncopenai.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.errors.APIException;
import io.asyncopenai.http.OpenAIHttpClient;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Runs a call whose response is a stream of Server-Sent Events: decodes each event into its
 * type until {@code data: [DONE]} or the end of the body, and retries a failed attempt only
 * until its first event.
 */
final class StreamLoop {

	private final OpenAIHttpClient transport;

	private final RequestWriter writer;

	private final ResponseReader reader;

	private final AttemptFailures failures;

	private final StreamEvents streamEvents;

	StreamLoop(OpenAIHttpClient transport, RequestWriter writer, ResponseReader reader, AttemptFailures failures,
			StreamEvents streamEvents) {
		this.transport = transport;
		this.writer = writer;
		this.reader = reader;
		this.failures = failures;
		this.streamEvents = streamEvents;
	}

	<T> Flux<T> run(Call call, Class<T> type) {
		return run(call, (event) -> this.streamEvents.decode(event.dataBytes(), type));
	}

	/**
	 * Runs a streamed call whose events are decoded by a function of the whole event (its
	 * name and id as well as its data).
	 */
	<T> Flux<T> run(Call call, Function<SseEvent, T> decode) {
		return attempt(call, decode, 0);
	}

	private <T> Flux<T> attempt(Call call, Function<SseEvent, T> decode, int retry) {
		return Flux.defer(() -> {
			AtomicBoolean emitted = new AtomicBoolean();
			SseDecoder decoder = new SseDecoder(this.transport.maxSseLineSize());
			AtomicBoolean done = new AtomicBoolean();
			Flux<T> events = this.writer.request(call, retry).exchangeToFlux((clientResponse) -> {
				if (!clientResponse.statusCode().is2xxSuccessful()) {
					return this.reader.failure(clientResponse).flatMapMany(Flux::error);
				}
				return clientResponse.bodyToFlux(DataBuffer.class).concatMapIterable((buffer) -> {
					byte[] bytes = ResponseReader.bytes(buffer);
					return decoder.feed(bytes, 0, bytes.length);
				});
			})
				.onErrorMap((failure) -> this.failures.map(failure, call))
				.<T>handle((event, sink) -> {
					// After [DONE] the rest of the body is read and dropped, so that the
					// connection goes back to the pool instead of being closed.
					if (done.get()) {
						return;
					}
					if (StreamEvents.isDone(event.dataBytes())) {
						done.set(true);
						return;
					}
					emitted.set(true);
					try {
						sink.next(decode.apply(event));
					}
					catch (APIException ex) {
						sink.error(ex);
					}
				});
			return events.onErrorResume((failure) -> {
				Duration delay = emitted.get() ? null : this.failures.retryDelay(call, retry, failure);
				return (delay != null) ? Mono.delay(delay).thenMany(attempt(call, decode, retry + 1))
						: Flux.error(failure);
			});
		});
	}

}
