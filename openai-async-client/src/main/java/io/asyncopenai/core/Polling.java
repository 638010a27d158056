package io.asyncopenai.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import io.asyncopenai.errors.PollTimeoutException;

/**
 * Waits for an object of the API to reach a final state by fetching it again at an interval,
 * as the helpers of the official SDKs do ({@code wait_for_processing}, {@code create_and_poll}).
 */
public final class Polling {

	private Polling() {
	}

	/**
	 * Fetches an object until its state is final, waiting {@code interval} between fetches.
	 * @param fetch fetches the object once
	 * @param state the state of the object, such as its {@code status}
	 * @param isFinal whether a state is final
	 * @param interval the wait between two fetches
	 * @param timeout how long to wait in all
	 * @param subject what is waited for, for the timeout's message ("batch batch_abc")
	 * @param <T> the type of the object
	 * @return the object in its final state, or a {@link PollTimeoutException} with the last
	 * state seen
	 */
	public static <T> Mono<T> until(Supplier<Mono<T>> fetch, Function<T, String> state,
			java.util.function.Predicate<String> isFinal, Duration interval, Duration timeout, String subject) {
		requirePositive(interval, "interval");
		requirePositive(timeout, "timeout");
		AtomicReference<String> last = new AtomicReference<>("not fetched yet");
		Mono<T> once = Mono.defer(fetch).doOnNext((value) -> last.set(Objects.toString(state.apply(value))));
		return once
			.expand((value) -> isFinal.test(state.apply(value)) ? Mono.empty() : Mono.delay(interval).then(once))
			.filter((value) -> isFinal.test(state.apply(value)))
			.next()
			.timeout(timeout, Mono.defer(() -> Mono.error(new PollTimeoutException("Gave up waiting for " + subject
					+ " after " + timeout + ": it was still " + last.get(), last.get()))));
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("The poll " + name + " must be positive, was " + duration);
		}
	}

}
