package io.asyncopenai.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectReader;

import io.asyncopenai.http.OpenAIHttpClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

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
		ObjectReader reader = this.streamEvents.reader(type);
		return attempt(call,
				(event, data, offset, length, id) -> this.streamEvents.decode(data, offset, length, type, reader), 0);
	}

	/**
	 * Runs a streamed call whose events are decoded by a function of the whole event (its
	 * name and id as well as its data).
	 */
	<T> Flux<T> run(Call call, Function<SseEvent, T> decode) {
		return attempt(call,
				(event, data, offset, length, id) -> decode.apply(SseEvent.copyOf(event, data, offset, length, id)), 0);
	}

	private <T> Flux<T> attempt(Call call, EventDecoder<T> decode, int retry) {
		return Flux.defer(() -> {
			Events<T> stream = new Events<>(new SseDecoder(this.transport.maxSseLineSize()), decode);
			Flux<T> events = this.writer.exchangeMany(call, retry, (request) -> request.exchangeToFlux((clientResponse) -> {
				call.responded(clientResponse);
				if (!clientResponse.statusCode().is2xxSuccessful()) {
					return this.reader.failure(clientResponse).flatMapMany(Flux::error);
				}
				return clientResponse.bodyToFlux(DataBuffer.class).concatMapIterable(stream::feed);
			}));
			// One operator for both, as each is one more step for every event.
			return events.onErrorResume((error) -> {
				Throwable failure = this.failures.map(error, call);
				Duration delay = stream.decodedAny ? null : this.failures.retryDelay(call, retry, failure);
				return (delay != null) ? Mono.delay(delay).thenMany(attempt(call, decode, retry + 1))
						: Flux.error(failure);
			});
		});
	}

	/** Decodes the data of one event, which is only valid during the call. */
	@FunctionalInterface
	private interface EventDecoder<T> {

		T decode(@Nullable String event, byte[] data, int offset, int length, @Nullable String id);

	}

	/**
	 * The events of one attempt: each read buffer is copied once into a buffer of the reading
	 * thread, and its events are decoded from there before the next read.
	 */
	private static final class Events<T> implements SseDecoder.Listener {

		private static final int MAX_KEPT_READ_BUFFER = 64 * 1024;

		private static final ThreadLocal<byte[]> READ_BUFFERS = ThreadLocal.withInitial(() -> new byte[4096]);

		private final SseDecoder decoder;

		private final EventDecoder<T> decode;

		private @Nullable Decoded<T> decoded;

		/** Whether an event was decoded: once one is, a failed attempt is not retried. */
		volatile boolean decodedAny;

		private boolean done;

		Events(SseDecoder decoder, EventDecoder<T> decode) {
			this.decoder = decoder;
			this.decode = decode;
		}

		Iterable<T> feed(DataBuffer buffer) {
			try {
				// After [DONE] or a failure the rest of the body is read and dropped, so that
				// the connection goes back to the pool instead of being closed.
				if (this.done) {
					return List.of();
				}
				int length = buffer.readableByteCount();
				byte[] bytes = READ_BUFFERS.get();
				if (bytes.length < length) {
					bytes = new byte[length];
					if (length <= MAX_KEPT_READ_BUFFER) {
						READ_BUFFERS.set(bytes);
					}
				}
				buffer.read(bytes, 0, length);
				Decoded<T> events = new Decoded<>();
				this.decoded = events;
				try {
					this.decoder.feed(bytes, 0, length, this);
				}
				catch (RuntimeException ex) {
					// The events before the failure are still delivered, then the failure.
					this.done = true;
					events.failure = ex;
				}
				this.decoded = null;
				return events;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		@Override
		public void event(@Nullable String event, byte[] data, int offset, int length, @Nullable String id) {
			Decoded<T> events = this.decoded;
			if (this.done || events == null) {
				return;
			}
			if (StreamEvents.isDone(data, offset, length)) {
				this.done = true;
				return;
			}
			events.add(this.decode.decode(event, data, offset, length, id));
			if (!this.decodedAny) {
				this.decodedAny = true;
			}
		}

	}

	/** The events of one read, then the failure that stopped the stream, if any. */
	private static final class Decoded<T> implements Iterable<T> {

		private final List<T> events = new ArrayList<>(2);

		private @Nullable RuntimeException failure;

		void add(T event) {
			this.events.add(event);
		}

		@Override
		public Iterator<T> iterator() {
			Iterator<T> decoded = this.events.iterator();
			RuntimeException failed = this.failure;
			if (failed == null) {
				return decoded;
			}
			// Reactor delivers what an iterator gives, then the exception its next() throws.
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					return true;
				}

				@Override
				public T next() {
					if (decoded.hasNext()) {
						return decoded.next();
					}
					throw failed;
				}

			};
		}

		@Override
		public Spliterator<T> spliterator() {
			return (this.failure != null) ? Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED)
					: this.events.spliterator();
		}

	}

}
