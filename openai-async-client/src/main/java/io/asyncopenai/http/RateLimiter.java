package io.asyncopenai.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Holds a transport's calls so that they stay within the budget its server announces in the
 * {@code x-ratelimit-*} headers of each response, and pauses them all after a 429's
 * {@code retry-after}.
 * <p>
 * The estimate is conservative, so that a single client never meets a 429 from a server
 * counting fixed windows: until the first response only one call is in flight; a response's
 * remaining budget counts every other call still in flight as spent; a window is believed to end
 * its reset after the response arrived (later than the server's end, by the response's
 * latency); when it has ended, the budget refills to the announced limit less what is still in
 * flight. Calls leave the queue in order, so one that needs more tokens than there are left
 * holds those behind it.
 */
final class RateLimiter implements ExchangeFilterFunction, ClientRateLimit {

	/** A 429's pause is capped, as the retry loop caps the delays a server asks for. */
	static final Duration MAX_PAUSE = Duration.ofSeconds(60);

	private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)(h|ms|m|s|us|µs|ns)");

	private enum Mode {

		/** No response yet: one call probes the budget. */
		PROBING,

		/** A response announced the budget. */
		KNOWN,

		/** The first response announced no budget: the server does not limit, or says nothing. */
		UNLIMITED

	}

	private final int maxQueuedCalls;

	private final Duration queueTimeout;

	private final LongSupplier nanoClock;

	private final Scheduler scheduler;

	private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

	private final Budget requests = new Budget();

	private final Budget tokens = new Budget();

	private Mode mode = Mode.PROBING;

	private int inFlight;

	private long inFlightTokens;

	private long pausedUntil;

	private boolean paused;

	private @Nullable Disposable wake;

	private long wakeAt;

	private boolean closed;

	RateLimiter(int maxQueuedCalls, Duration queueTimeout, LongSupplier nanoClock, Scheduler scheduler) {
		this.maxQueuedCalls = maxQueuedCalls;
		this.queueTimeout = queueTimeout;
		this.nanoClock = nanoClock;
		this.scheduler = scheduler;
	}

	/** The tokens a body of a given size costs: a quarter of its bytes, rounded up, as the mock counts. */
	static long tokens(long bodyBytes) {
		return (long) Math.ceil(Math.max(0, bodyBytes) / 4.0);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		long length = request.attribute(OpenAIHttpClient.BODY_SIZE_ATTRIBUTE)
			.map((size) -> ((Number) size).longValue())
			.orElse(0L);
		return acquire(tokens(length)).flatMap((permit) -> next.exchange(request)
			.doOnNext((response) -> completed(permit, response.statusCode().value(), response.headers().asHttpHeaders()))
			.doFinally((signal) -> release(permit)));
	}

	/**
	 * A permit to send one call, once the budget allows it.
	 * @param cost the call's tokens
	 * @return the permit, or an error if the queue is full or the wait too long
	 */
	Mono<Permit> acquire(long cost) {
		return Mono.create((sink) -> {
			Waiter waiter = new Waiter(sink, cost, this.nanoClock.getAsLong());
			RuntimeException refusal = null;
			synchronized (this) {
				if (this.closed) {
					refusal = new IllegalStateException("The transport is closed");
				}
				else if (this.queue.isEmpty() && admits(waiter.cost, this.nanoClock.getAsLong())) {
					waiter.state.set(Waiter.GRANTED);
					waiter.permit = send(waiter.cost);
				}
				else if (this.queue.size() >= this.maxQueuedCalls) {
					refusal = new RateLimitQueueException("The client-side rate limit queue is full: "
							+ this.queue.size() + " calls wait already (see rateLimitMaxQueuedCalls)", true,
							Duration.ZERO);
				}
				else {
					this.queue.add(waiter);
					scheduleWake(this.nanoClock.getAsLong());
				}
			}
			if (refusal != null) {
				sink.error(refusal);
				return;
			}
			if (waiter.permit != null) {
				sink.success(waiter.permit);
				return;
			}
			sink.onCancel(() -> cancel(waiter));
			if (waiter.state.get() == Waiter.WAITING) {
				waiter.timeout = Mono.delay(this.queueTimeout, this.scheduler).subscribe((tick) -> expire(waiter));
			}
		});
	}

	/** Counts a response: its budget headers correct the estimate, a 429's retry-after pauses. */
	void completed(Permit permit, int status, HttpHeaders headers) {
		synchronized (this) {
			long now = this.nanoClock.getAsLong();
			if (!permit.answered) {
				// A call still in flight may land in either window: the others are counted as spent.
				long otherCalls = this.inFlight - 1;
				long otherTokens = this.inFlightTokens - permit.cost;
				boolean announced = observe(this.requests, headers, "requests", otherCalls, now)
						| observe(this.tokens, headers, "tokens", otherTokens, now);
				if (announced) {
					this.mode = Mode.KNOWN;
				}
				else if (this.mode == Mode.PROBING) {
					this.mode = Mode.UNLIMITED;
				}
				markAnswered(permit);
			}
			if (status == 429) {
				Duration pause = retryAfter(headers);
				if (pause != null) {
					long until = now + Math.min(pause.toNanos(), MAX_PAUSE.toNanos());
					this.pausedUntil = this.paused ? Math.max(this.pausedUntil, until) : until;
					this.paused = true;
				}
			}
		}
		drain();
	}

	/** Ends a call, answered or not; once only. */
	void release(Permit permit) {
		if (!permit.released.compareAndSet(false, true)) {
			return;
		}
		synchronized (this) {
			if (!permit.answered) {
				markAnswered(permit);
			}
		}
		drain();
	}

	/** Fails every queued call; new calls fail at once. */
	void close() {
		List<Waiter> failed;
		synchronized (this) {
			this.closed = true;
			failed = new ArrayList<>(this.queue);
			this.queue.clear();
			if (this.wake != null) {
				this.wake.dispose();
			}
		}
		for (Waiter waiter : failed) {
			if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.FAILED)) {
				waiter.disposeTimeout();
				waiter.sink.error(new IllegalStateException("The transport is closed"));
			}
		}
	}

	@Override
	public synchronized int queuedCalls() {
		return this.queue.size();
	}

	@Override
	public synchronized long remainingRequests() {
		refill(this.nanoClock.getAsLong());
		return this.requests.known ? Math.max(0, this.requests.remaining) : -1;
	}

	@Override
	public synchronized long remainingTokens() {
		refill(this.nanoClock.getAsLong());
		return this.tokens.known ? Math.max(0, this.tokens.remaining) : -1;
	}

	@Override
	public synchronized @Nullable Instant pausedUntil() {
		long now = this.nanoClock.getAsLong();
		return (this.paused && this.pausedUntil - now > 0) ? Instant.now().plusNanos(this.pausedUntil - now) : null;
	}

	@Override
	public String toString() {
		return "RateLimiter{queued=" + queuedCalls() + ", remainingRequests=" + remainingRequests()
				+ ", remainingTokens=" + remainingTokens() + "}";
	}

	private void markAnswered(Permit permit) {
		permit.answered = true;
		this.inFlight--;
		this.inFlightTokens -= permit.cost;
	}

	private Permit send(long cost) {
		this.inFlight++;
		this.inFlightTokens += cost;
		this.requests.spend(1);
		this.tokens.spend(cost);
		return new Permit(cost);
	}

	private boolean admits(long cost, long now) {
		if (this.paused) {
			if (now - this.pausedUntil < 0) {
				return false;
			}
			this.paused = false;
		}
		return switch (this.mode) {
			case PROBING -> this.inFlight == 0;
			case UNLIMITED -> true;
			case KNOWN -> {
				refill(now);
				yield this.requests.allows(1) && this.tokens.allows(cost);
			}
		};
	}

	private void refill(long now) {
		boolean unknown = !this.requests.refillIfEnded(now, this.inFlight)
				| !this.tokens.refillIfEnded(now, this.inFlightTokens);
		if (unknown && this.mode == Mode.KNOWN) {
			// A window ended with no limit announced: the next budget is unknown until a probe tells it.
			this.mode = Mode.PROBING;
		}
	}

	/**
	 * Sends every queued call the budget allows, in order, then sets the timer for the next
	 * change of the budget. Calls are handed over outside the lock, as they run the request.
	 */
	private void drain() {
		List<Waiter> granted = new ArrayList<>();
		synchronized (this) {
			long now = this.nanoClock.getAsLong();
			for (Iterator<Waiter> waiters = this.queue.iterator(); waiters.hasNext();) {
				Waiter waiter = waiters.next();
				if (waiter.state.get() != Waiter.WAITING) {
					waiters.remove();
					continue;
				}
				if (!admits(waiter.cost, now)) {
					break;
				}
				waiters.remove();
				if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
					waiter.permit = send(waiter.cost);
					granted.add(waiter);
				}
			}
			scheduleWake(now);
		}
		for (Waiter waiter : granted) {
			waiter.disposeTimeout();
			waiter.sink.success(waiter.permit);
		}
	}

	/** Sets the timer for when the first queued call may go: the pause's end or the window's. */
	private void scheduleWake(long now) {
		if (this.queue.isEmpty() || this.closed) {
			return;
		}
		long at;
		if (this.paused && now - this.pausedUntil < 0) {
			at = this.pausedUntil;
		}
		else if (this.mode == Mode.KNOWN) {
			Long end = null;
			for (Budget budget : List.of(this.requests, this.tokens)) {
				if (budget.known && !budget.refilled && (end == null || budget.end - end < 0)) {
					end = budget.end;
				}
			}
			if (end == null) {
				// Refilled and not enough yet: a response will tell more.
				return;
			}
			at = end;
		}
		else {
			// Probing or unlimited: a response or a release wakes the queue.
			return;
		}
		if (this.wake != null && this.wakeAt - at <= 0) {
			return;
		}
		if (this.wake != null) {
			this.wake.dispose();
		}
		this.wakeAt = at;
		// A millisecond late, so that the clock has passed the end when it wakes.
		long delay = Math.max(0, at - now) + TimeUnit.MILLISECONDS.toNanos(1);
		this.wake = this.scheduler.schedule(this::woken, delay, TimeUnit.NANOSECONDS);
	}

	private void woken() {
		synchronized (this) {
			if (this.nanoClock.getAsLong() - this.wakeAt >= 0) {
				this.wake = null;
			}
		}
		drain();
	}

	private void expire(Waiter waiter) {
		synchronized (this) {
			if (!waiter.state.compareAndSet(Waiter.WAITING, Waiter.FAILED)) {
				return;
			}
			this.queue.remove(waiter);
		}
		Duration waited = Duration.ofNanos(this.nanoClock.getAsLong() - waiter.queuedAt);
		waiter.sink.error(new RateLimitQueueException("Waited " + waited.toMillis()
				+ " ms for the client-side rate limit, longer than the pool timeout (" + this.queueTimeout + ")",
				false, waited));
		drain();
	}

	private void cancel(Waiter waiter) {
		waiter.disposeTimeout();
		if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
			synchronized (this) {
				this.queue.remove(waiter);
			}
			drain();
		}
		else if (waiter.state.get() == Waiter.GRANTED && waiter.permit != null) {
			// Granted as it was cancelled: the permit may never reach the request.
			release(waiter.permit);
		}
	}

	private static boolean observe(Budget budget, HttpHeaders headers, String kind, long others, long now) {
		Long remaining = number(headers.getFirst("x-ratelimit-remaining-" + kind));
		if (remaining == null) {
			return false;
		}
		Long limit = number(headers.getFirst("x-ratelimit-limit-" + kind));
		Duration reset = duration(headers.getFirst("x-ratelimit-reset-" + kind));
		budget.observe(remaining, (limit != null) ? limit : -1, (reset != null) ? reset.toNanos() : 0, others, now);
		return true;
	}

	private static @Nullable Long number(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Reads a reset as the API writes it (Go's duration format: {@code 20ms}, {@code 1.5s},
	 * {@code 6m0s}), or as plain seconds.
	 * @param value the header's value
	 * @return the duration, or {@code null} if it is none
	 */
	static @Nullable Duration duration(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			return Duration.ofNanos((long) (Double.parseDouble(text) * 1e9));
		}
		catch (NumberFormatException ex) {
			// Not plain seconds: units follow.
		}
		Matcher matcher = DURATION_PART.matcher(text);
		double nanos = 0;
		int at = 0;
		while (matcher.find() && matcher.start() == at) {
			double amount = Double.parseDouble(matcher.group(1));
			nanos += amount * switch (matcher.group(2)) {
				case "h" -> 3600e9;
				case "m" -> 60e9;
				case "s" -> 1e9;
				case "ms" -> 1e6;
				case "us", "µs" -> 1e3;
				default -> 1;
			};
			at = matcher.end();
		}
		return (at == text.length()) ? Duration.ofNanos((long) Math.ceil(nanos)) : null;
	}

	/** The pause a 429 asks for: {@code retry-after-ms}, else {@code retry-after} in seconds or as a date. */
	static @Nullable Duration retryAfter(HttpHeaders headers) {
		String millis = headers.getFirst("retry-after-ms");
		if (millis != null) {
			try {
				return Duration.ofNanos((long) (Double.parseDouble(millis.strip()) * 1e6));
			}
			catch (NumberFormatException ex) {
				// Fall back on retry-after.
			}
		}
		String after = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (after == null) {
			return null;
		}
		try {
			return Duration.ofNanos((long) (Double.parseDouble(after.strip()) * 1e9));
		}
		catch (NumberFormatException ex) {
			try {
				return Duration.between(Instant.now(),
						ZonedDateTime.parse(after.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	/**
	 * What the client believes of one budget (requests or tokens) of the server's current window.
	 */
	static final class Budget {

		boolean known;

		long limit = -1;

		long remaining;

		/** When the window ends, by the client's clock (nanos). */
		long end;

		/** Whether the budget was refilled at {@link #end}, the next window's end unknown yet. */
		boolean refilled;

		/** The longest reset seen, about the window's length. */
		long longestReset;

		void spend(long amount) {
			if (this.known) {
				this.remaining -= amount;
			}
		}

		boolean allows(long amount) {
			// A call that costs more than the whole limit goes with a full budget, for the server to judge.
			return !this.known || this.remaining >= ((this.limit > 0) ? Math.min(amount, this.limit) : amount);
		}

		/** Refills the budget if its window has ended; {@code false} if it ended with no limit known. */
		boolean refillIfEnded(long now, long inFlight) {
			if (!this.known || this.refilled || now - this.end < 0) {
				return true;
			}
			if (this.limit <= 0) {
				this.known = false;
				return false;
			}
			this.remaining = this.limit - inFlight;
			this.refilled = true;
			return true;
		}

		void observe(long remaining, long limit, long resetNanos, long others, long now) {
			if (limit > 0) {
				this.limit = limit;
			}
			long estimatedEnd = now + resetNanos;
			long estimate = remaining - others;
			this.longestReset = Math.max(this.longestReset, resetNanos);
			// Windows are told apart by their ends: half a window (the longest reset seen) apart or more.
			if (!this.known || estimatedEnd - this.end > this.longestReset / 2) {
				this.known = true;
				this.end = estimatedEnd;
				this.remaining = estimate;
				this.refilled = false;
			}
			else if (!this.refilled && this.end - estimatedEnd <= this.longestReset / 2) {
				this.remaining = Math.min(this.remaining, estimate);
				this.end = Math.max(this.end, estimatedEnd);
			}
			// Else it tells of a window that has ended already, answered late.
		}

	}

	/**
	 * A call allowed to go; released once it ends.
	 */
	static final class Permit {

		final long cost;

		/** Guarded by the limiter. */
		boolean answered;

		final AtomicBoolean released = new AtomicBoolean();

		Permit(long cost) {
			this.cost = cost;
		}

	}

	private static final class Waiter {

		static final int WAITING = 0;

		static final int GRANTED = 1;

		static final int CANCELLED = 2;

		static final int FAILED = 3;

		final MonoSink<Permit> sink;

		final long cost;

		final long queuedAt;

		final AtomicInteger state = new AtomicInteger(WAITING);

		volatile @Nullable Permit permit;

		volatile @Nullable Disposable timeout;

		Waiter(MonoSink<Permit> sink, long cost, long queuedAt) {
			this.sink = sink;
			this.cost = cost;
			this.queuedAt = queuedAt;
		}

		void disposeTimeout() {
			Disposable scheduled = this.timeout;
			if (scheduled != null) {
				scheduled.dispose();
			}
		}

	}

}
