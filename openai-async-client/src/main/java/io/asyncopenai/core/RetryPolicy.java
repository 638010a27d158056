package io.asyncopenai.core;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.http.RateLimitQueueException;

/**
 * When and after how long a failed request is tried again, as the official SDKs decide:
 * connection errors and timeouts, 408, 409, 429 and 5xx are retried unless the response says
 * {@code x-should-retry: false} ({@code true} retries any status); the wait is the server's
 * {@code retry-after-ms} or {@code retry-after} when it is above 0 and at most 120 s, else
 * {@code min(0.5 s * 2^n, 8 s)} less up to 25 % jitter, for the n-th retry from 0.
 */
final class RetryPolicy {

	static final Duration INITIAL_DELAY = Duration.ofMillis(500);

	static final Duration MAX_DELAY = Duration.ofSeconds(8);

	static final Duration MAX_SERVER_DELAY = Duration.ofSeconds(120);

	private final DoubleSupplier random;

	RetryPolicy() {
		this(() -> ThreadLocalRandom.current().nextDouble());
	}

	RetryPolicy(DoubleSupplier random) {
		this.random = random;
	}

	boolean shouldRetry(Throwable failure) {
		if (failure.getCause() instanceof RateLimitQueueException) {
			// The call waited its pool timeout already, or the queue is full: a retry would queue it again, last.
			return false;
		}
		if (failure instanceof APIStatusException status) {
			String shouldRetry = first(status.headers(), "x-should-retry");
			if ("true".equalsIgnoreCase(shouldRetry)) {
				return true;
			}
			if ("false".equalsIgnoreCase(shouldRetry)) {
				return false;
			}
			int code = status.statusCode();
			return code == 408 || code == 409 || code == 429 || code >= 500;
		}
		return failure instanceof APIConnectionException;
	}

	/**
	 * The wait before the next attempt.
	 * @param failure what failed
	 * @param retriesSoFar retries already made, 0 before the first
	 */
	Duration delay(Throwable failure, int retriesSoFar) {
		if (failure instanceof APIStatusException status) {
			Duration requested = requestedDelay(status.headers());
			if (requested != null && !requested.isNegative() && !requested.isZero()
					&& requested.compareTo(MAX_SERVER_DELAY) <= 0) {
				return requested;
			}
		}
		double base = Math.min(INITIAL_DELAY.toMillis() * Math.pow(2, Math.min(retriesSoFar, 1000)),
				MAX_DELAY.toMillis());
		double jitter = 1 - 0.25 * this.random.getAsDouble();
		return Duration.ofNanos((long) (base * jitter * 1_000_000));
	}

	private static @Nullable Duration requestedDelay(Map<String, List<String>> headers) {
		String millis = first(headers, "retry-after-ms");
		if (millis != null) {
			try {
				return Duration.ofNanos((long) (Double.parseDouble(millis) * 1_000_000));
			}
			catch (NumberFormatException ex) {
				// Fall through to retry-after.
			}
		}
		String after = first(headers, "retry-after");
		if (after == null) {
			return null;
		}
		try {
			return Duration.ofNanos((long) (Double.parseDouble(after) * 1_000_000_000));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime date = ZonedDateTime.parse(after.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
				return Duration.between(ZonedDateTime.now(date.getZone()), date);
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0).strip() : null;
	}

}
