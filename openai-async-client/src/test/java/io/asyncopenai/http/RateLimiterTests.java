package io.asyncopenai.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTests {

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(5),
			() -> this.time.now(TimeUnit.NANOSECONDS), this.time);

	@AfterEach
	void close() {
		this.limiter.close();
		this.time.dispose();
	}

	@Test
	void resetsAreReadInTheApiDurationFormat() {
		assertThat(RateLimiter.duration("20ms")).isEqualTo(Duration.ofMillis(20));
		assertThat(RateLimiter.duration("1s")).isEqualTo(Duration.ofSeconds(1));
		assertThat(RateLimiter.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
		assertThat(RateLimiter.duration("59.2s")).isEqualTo(Duration.ofMillis(59_200));
		assertThat(RateLimiter.duration("6m0s")).isEqualTo(Duration.ofMinutes(6));
		assertThat(RateLimiter.duration("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
		assertThat(RateLimiter.duration("250us")).isEqualTo(Duration.ofNanos(250_000));
		assertThat(RateLimiter.duration("2")).isEqualTo(Duration.ofSeconds(2));
		assertThat(RateLimiter.duration("soon")).isNull();
		assertThat(RateLimiter.duration("1s later")).isNull();
	}

	@Test
	void onlyOneCallProbesUntilTheFirstResponse() {
		Granted probe = acquire(0);
		Granted second = acquire(0);
		assertThat(probe.permit()).isNotNull();
		assertThat(second.permit()).isNull();
		assertThat(this.limiter.queuedCalls()).isOne();
		assertThat(this.limiter.remainingRequests()).isEqualTo(-1);
		this.limiter.completed(probe.permit(), 200, budget(10, 10, "1s"));
		assertThat(second.permit()).isNotNull();
		assertThat(this.limiter.remainingRequests()).isEqualTo(9);
	}

	@Test
	void callsWaitForTheWindowsEndAndTheBudgetRefillsLessWhatIsInFlight() {
		Granted probe = acquire(0);
		this.limiter.completed(probe.permit(), 200, budget(2, 4, "1s"));
		this.limiter.release(probe.permit());
		Granted first = acquire(0);
		Granted second = acquire(0);
		Granted third = acquire(0);
		assertThat(first.permit()).isNotNull();
		assertThat(second.permit()).isNotNull();
		assertThat(third.permit()).isNull();
		// The second is still in flight: the first's answer of 1 left means 0 for the client.
		this.limiter.completed(first.permit(), 200, budget(1, 4, "900ms"));
		this.limiter.release(first.permit());
		assertThat(this.limiter.remainingRequests()).isZero();
		this.time.advanceTimeBy(Duration.ofMillis(999));
		assertThat(third.permit()).isNull();
		this.time.advanceTimeBy(Duration.ofMillis(2));
		assertThat(third.permit()).isNotNull();
		// Refilled to 4 less the second, still in flight, less the third.
		assertThat(this.limiter.remainingRequests()).isEqualTo(2);
	}

	@Test
	void aResponseOfANewWindowReplacesTheEstimateAndOneOfAnEndedWindowIsIgnored() {
		Granted probe = acquire(0);
		this.limiter.completed(probe.permit(), 200, budget(2, 3, "100ms"));
		this.limiter.release(probe.permit());
		Granted first = acquire(0);
		Granted second = acquire(0);
		this.time.advanceTimeBy(Duration.ofMillis(101));
		// Refilled to 3 less the two in flight, then spent.
		Granted third = acquire(0);
		assertThat(third.permit()).isNotNull();
		assertThat(this.limiter.remainingRequests()).isZero();
		this.limiter.completed(first.permit(), 200, budget(1, 3, "1ms"));
		this.limiter.release(first.permit());
		this.limiter.completed(second.permit(), 200, budget(0, 3, "1ms"));
		this.limiter.release(second.permit());
		assertThat(this.limiter.remainingRequests()).isZero();
		this.limiter.completed(third.permit(), 200, budget(2, 3, "1s"));
		this.limiter.release(third.permit());
		assertThat(this.limiter.remainingRequests()).isEqualTo(2);
		Granted late = acquire(0);
		assertThat(this.limiter.remainingRequests()).isOne();
		// Within the window: the lower of the estimate and the belief wins.
		this.limiter.completed(late.permit(), 200, budget(0, 3, "990ms"));
		assertThat(this.limiter.remainingRequests()).isZero();
	}

	@Test
	void tokensOfACallAreSpentAndHoldCallsToo() {
		Granted probe = acquire(10);
		this.limiter.completed(probe.permit(), 200, tokenBudget(100, 110, "1s"));
		this.limiter.release(probe.permit());
		Granted sixty = acquire(60);
		Granted fifty = acquire(50);
		Granted one = acquire(1);
		assertThat(sixty.permit()).isNotNull();
		assertThat(fifty.permit()).isNull();
		// In order: the small call waits behind the large one.
		assertThat(one.permit()).isNull();
		assertThat(this.limiter.remainingTokens()).isEqualTo(40);
		this.time.advanceTimeBy(Duration.ofMillis(1002));
		assertThat(fifty.permit()).isNotNull();
		assertThat(one.permit()).isNull();
		// 110 less the 60 in flight, less the 50.
		assertThat(this.limiter.remainingTokens()).isZero();
	}

	@Test
	void aTooLargeCallGoesWithAFullBudget() {
		Granted probe = acquire(10);
		this.limiter.completed(probe.permit(), 200, tokenBudget(100, 100, "1s"));
		this.limiter.release(probe.permit());
		Granted large = acquire(500);
		assertThat(large.permit()).isNotNull();
	}

	@Test
	void a429sRetryAfterPausesEveryCall() {
		Granted probe = acquire(0);
		HttpHeaders refused = new HttpHeaders();
		refused.set("retry-after-ms", "500");
		this.limiter.completed(probe.permit(), 429, refused);
		this.limiter.release(probe.permit());
		assertThat(this.limiter.pausedUntil()).isNotNull();
		Granted held = acquire(0);
		assertThat(held.permit()).isNull();
		this.time.advanceTimeBy(Duration.ofMillis(499));
		assertThat(held.permit()).isNull();
		this.time.advanceTimeBy(Duration.ofMillis(2));
		assertThat(held.permit()).isNotNull();
		assertThat(this.limiter.pausedUntil()).isNull();
	}

	@Test
	void withoutHeadersTheFirstResponseLiftsEveryLimit() {
		Granted probe = acquire(0);
		List<Granted> held = List.of(acquire(0), acquire(0), acquire(0));
		this.limiter.completed(probe.permit(), 200, new HttpHeaders());
		assertThat(held).allSatisfy((call) -> assertThat(call.permit()).isNotNull());
		assertThat(this.limiter.remainingRequests()).isEqualTo(-1);
	}

	@Test
	void aCallBeyondTheQueueBoundFailsAtOnce() {
		acquire(0);
		List<Granted> queued = List.of(acquire(0), acquire(0), acquire(0));
		Granted refused = acquire(0);
		assertThat(queued).allSatisfy((call) -> assertThat(call.failure()).isNull());
		assertThat(refused.failure()).isInstanceOfSatisfying(RateLimitQueueException.class, (ex) -> {
			assertThat(ex.queueFull()).isTrue();
			assertThat(ex).hasMessageContaining("queue is full").hasMessageContaining("rateLimitMaxQueuedCalls");
		});
	}

	@Test
	void aQueuedCallFailsPastTheTimeoutAndLeavesTheQueue() {
		acquire(0);
		Granted queued = acquire(0);
		this.time.advanceTimeBy(Duration.ofMillis(4999));
		assertThat(queued.failure()).isNull();
		this.time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(queued.failure()).isInstanceOfSatisfying(RateLimitQueueException.class, (ex) -> {
			assertThat(ex.queueFull()).isFalse();
			assertThat(ex.waited()).isEqualTo(Duration.ofSeconds(5));
			assertThat(ex).hasMessageContaining("client-side rate limit").hasMessageContaining("5000 ms");
		});
		assertThat(this.limiter.queuedCalls()).isZero();
	}

	@Test
	void aCancelledCallLeavesTheQueueAndLosesNoPermit() {
		Granted probe = acquire(0);
		Granted cancelled = acquire(0);
		Granted next = acquire(0);
		cancelled.subscription().dispose();
		assertThat(this.limiter.queuedCalls()).isOne();
		this.limiter.completed(probe.permit(), 200, budget(1, 2, "1s"));
		this.limiter.release(probe.permit());
		assertThat(cancelled.permit()).isNull();
		assertThat(next.permit()).isNotNull();
		assertThat(this.limiter.queuedCalls()).isZero();
		assertThat(this.limiter.remainingRequests()).isZero();
	}

	@Test
	void aReleasedCallWithoutAnswerLetsTheNextProbeGo() {
		Granted probe = acquire(0);
		Granted next = acquire(0);
		this.limiter.release(probe.permit());
		assertThat(next.permit()).isNotNull();
	}

	private Granted acquire(long cost) {
		AtomicReference<RateLimiter.@Nullable Permit> permit = new AtomicReference<>();
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		Disposable subscription = this.limiter.acquire(cost).subscribe(permit::set, failure::set);
		return new Granted(permit, failure, subscription);
	}

	private static HttpHeaders budget(int remaining, int limit, String reset) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-ratelimit-remaining-requests", Integer.toString(remaining));
		headers.set("x-ratelimit-limit-requests", Integer.toString(limit));
		headers.set("x-ratelimit-reset-requests", reset);
		return headers;
	}

	private static HttpHeaders tokenBudget(int remaining, int limit, String reset) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-ratelimit-remaining-tokens", Integer.toString(remaining));
		headers.set("x-ratelimit-limit-tokens", Integer.toString(limit));
		headers.set("x-ratelimit-reset-tokens", reset);
		return headers;
	}

	private record Granted(AtomicReference<RateLimiter.@Nullable Permit> permitted,
			AtomicReference<@Nullable Throwable> failed, Disposable subscription) {

		RateLimiter.@Nullable Permit permit() {
			return this.permitted.get();
		}

		@Nullable Throwable failure() {
			return this.failed.get();
		}

	}

}
