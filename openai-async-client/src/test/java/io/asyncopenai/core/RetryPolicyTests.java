package io.asyncopenai.core;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.APIStatusException;
import io.asyncopenai.errors.APITimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy noJitter = new RetryPolicy(() -> 0.0);

	private final RetryPolicy fullJitter = new RetryPolicy(() -> 1.0);

	@Test
	void retriesConnectionErrorsTimeoutsAndTheRetryableStatuses() {
		assertThat(this.noJitter.shouldRetry(new APIConnectionException("refused", null))).isTrue();
		assertThat(this.noJitter.shouldRetry(new APITimeoutException("slow", null))).isTrue();
		for (int status : new int[] { 408, 409, 429, 500, 502, 503, 504 }) {
			assertThat(this.noJitter.shouldRetry(status(status, Map.of()))).as("status %d", status).isTrue();
		}
		for (int status : new int[] { 400, 401, 403, 404, 422 }) {
			assertThat(this.noJitter.shouldRetry(status(status, Map.of()))).as("status %d", status).isFalse();
		}
		assertThat(this.noJitter.shouldRetry(new APIException("stream error", null, null))).isFalse();
		assertThat(this.noJitter.shouldRetry(new IllegalStateException())).isFalse();
	}

	@Test
	void shouldRetryHeaderOverridesTheStatus() {
		assertThat(this.noJitter.shouldRetry(status(500, Map.of("x-should-retry", List.of("false"))))).isFalse();
		assertThat(this.noJitter.shouldRetry(status(400, Map.of("x-should-retry", List.of("true"))))).isTrue();
	}

	@Test
	void backoffDoublesFromHalfASecondUpToEightSeconds() {
		APIConnectionException failure = new APIConnectionException("refused", null);
		assertThat(this.noJitter.delay(failure, 0)).isEqualTo(Duration.ofMillis(500));
		assertThat(this.noJitter.delay(failure, 1)).isEqualTo(Duration.ofMillis(1000));
		assertThat(this.noJitter.delay(failure, 2)).isEqualTo(Duration.ofMillis(2000));
		assertThat(this.noJitter.delay(failure, 4)).isEqualTo(Duration.ofMillis(8000));
		assertThat(this.noJitter.delay(failure, 5)).isEqualTo(Duration.ofMillis(8000));
		assertThat(this.noJitter.delay(failure, 5000)).isEqualTo(Duration.ofMillis(8000));
	}

	@Test
	void jitterTakesOffAtMostAQuarter() {
		APIConnectionException failure = new APIConnectionException("refused", null);
		assertThat(this.fullJitter.delay(failure, 0)).isEqualTo(Duration.ofMillis(375));
		assertThat(this.fullJitter.delay(failure, 10)).isEqualTo(Duration.ofMillis(6000));
		RetryPolicy random = new RetryPolicy();
		for (int i = 0; i < 200; i++) {
			assertThat(random.delay(failure, 1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
		}
	}

	@Test
	void serverDelayIsHonouredWhenAboveZeroAndAtMostTwoMinutes() {
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after-ms", List.of("1500.5"))), 0))
			.isEqualTo(Duration.ofNanos(1_500_500_000));
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after", List.of("3"))), 0))
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after", List.of("120"))), 0))
			.isEqualTo(Duration.ofSeconds(120));
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after", List.of("121"))), 0))
			.isEqualTo(Duration.ofMillis(500));
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after", List.of("0"))), 0))
			.isEqualTo(Duration.ofMillis(500));
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after", List.of("soon"))), 1))
			.isEqualTo(Duration.ofMillis(1000));
		assertThat(this.noJitter.delay(status(429, Map.of("retry-after-ms", List.of("10"), "retry-after",
				List.of("5"))), 0)).isEqualTo(Duration.ofMillis(10));
	}

	@Test
	void retryAfterHttpDateIsTheTimeUntilThen() {
		String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
		Duration delay = this.noJitter.delay(status(503, Map.of("retry-after", List.of(inTenSeconds))), 0);
		assertThat(delay).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
		assertThat(this.noJitter.delay(status(503, Map.of("retry-after", List.of(past))), 0))
			.isEqualTo(Duration.ofMillis(500));
	}

	private static APIStatusException status(int status, Map<String, List<String>> headers) {
		return new APIStatusException("status " + status, status, null, null, null, null, null, headers);
	}

}
