package io.asyncopenai.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The API's rate limit as a fixed-window counter: windows of a given length follow each other
 * from the limiter's start, and each request counts one request and
 * {@code ceil(bodyBytes / 4.0)} tokens (the estimate the client uses too) against the window it
 * arrives in. A request over either budget is refused and not counted.
 */
final class MockRateLimiter {

	private final int requestLimit;

	private final long tokenLimit;

	private final long windowNanos;

	private final LongSupplier nanoClock;

	private final long origin;

	private long windowIndex;

	private int requests;

	private long tokens;

	private long refused;

	MockRateLimiter(int requestLimit, long tokenLimit, Duration window, LongSupplier nanoClock) {
		if (requestLimit < 1 || tokenLimit < 1) {
			throw new IllegalArgumentException(
					"Rate limits must be at least 1, were " + requestLimit + " requests and " + tokenLimit + " tokens");
		}
		if (window.toMillis() < 1) {
			throw new IllegalArgumentException("The rate limit window must be at least 1 ms, was " + window);
		}
		this.requestLimit = requestLimit;
		this.tokenLimit = tokenLimit;
		this.windowNanos = window.toNanos();
		this.nanoClock = nanoClock;
		this.origin = nanoClock.getAsLong();
	}

	/** The tokens a body of a given size costs: a quarter of its bytes, rounded up. */
	static long tokens(long bodyBytes) {
		return (long) Math.ceil(Math.max(0, bodyBytes) / 4.0);
	}

	/**
	 * Counts a request against the current window, if both budgets allow it.
	 * @param bodyBytes the size of the request's body
	 * @return whether it was admitted, and the headers to answer with
	 */
	synchronized Decision admit(long bodyBytes) {
		long now = this.nanoClock.getAsLong();
		long index = (now - this.origin) / this.windowNanos;
		if (index != this.windowIndex) {
			this.windowIndex = index;
			this.requests = 0;
			this.tokens = 0;
		}
		long cost = tokens(bodyBytes);
		String refusedFor = (this.requests + 1 > this.requestLimit) ? "requests"
				: (this.tokens + cost > this.tokenLimit) ? "tokens" : null;
		if (refusedFor == null) {
			this.requests++;
			this.tokens += cost;
		}
		else {
			this.refused++;
		}
		long windowEnd = this.origin + (index + 1) * this.windowNanos;
		// Rounded up, so that a client waiting this long finds the new window.
		long resetMillis = Math.max(1, ceilDiv(windowEnd - now, TimeUnit.MILLISECONDS.toNanos(1)));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("x-ratelimit-limit-requests", Integer.toString(this.requestLimit));
		headers.put("x-ratelimit-limit-tokens", Long.toString(this.tokenLimit));
		headers.put("x-ratelimit-remaining-requests", Integer.toString(this.requestLimit - this.requests));
		headers.put("x-ratelimit-remaining-tokens", Long.toString(this.tokenLimit - this.tokens));
		headers.put("x-ratelimit-reset-requests", duration(resetMillis));
		headers.put("x-ratelimit-reset-tokens", duration(resetMillis));
		if (refusedFor == null) {
			return new Decision(headers, null);
		}
		headers.put("retry-after", Long.toString(ceilDiv(resetMillis, 1000)));
		headers.put("retry-after-ms", Long.toString(resetMillis));
		long limit = refusedFor.equals("requests") ? this.requestLimit : this.tokenLimit;
		long used = refusedFor.equals("requests") ? this.requests : this.tokens;
		long requested = refusedFor.equals("requests") ? 1 : cost;
		String message = "Rate limit reached for " + refusedFor + " per "
				+ duration(TimeUnit.NANOSECONDS.toMillis(this.windowNanos)) + ": Limit " + limit + ", Used " + used
				+ ", Requested " + requested + ". Please try again in " + duration(resetMillis) + ".";
		return new Decision(headers, Requests.error(429, new OpenAIError(message, refusedFor, null,
				"rate_limit_exceeded")));
	}

	/** How many requests were refused since the last {@link #reset()}. */
	synchronized long refusedCount() {
		return this.refused;
	}

	/** Forgets the refused count; the windows go on. */
	synchronized void reset() {
		this.refused = 0;
	}

	/**
	 * Writes a duration as the API's reset headers do (Go's duration format, to the millisecond):
	 * {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 59.2s}, {@code 6m0s}, {@code 1h0m0s}.
	 * @param millis the duration in milliseconds
	 * @return the text
	 */
	static String duration(long millis) {
		if (millis <= 0) {
			return "0s";
		}
		if (millis < 1000) {
			return millis + "ms";
		}
		long hours = millis / 3_600_000;
		long minutes = (millis / 60_000) % 60;
		long seconds = (millis / 1000) % 60;
		long fraction = millis % 1000;
		StringBuilder text = new StringBuilder();
		if (hours > 0) {
			text.append(hours).append('h');
		}
		if (hours > 0 || minutes > 0) {
			text.append(minutes).append('m');
		}
		text.append(seconds);
		if (fraction > 0) {
			String digits = String.format("%03d", fraction);
			text.append('.').append(digits.replaceAll("0+$", ""));
		}
		return text.append('s').toString();
	}

	private static long ceilDiv(long dividend, long divisor) {
		return -Math.floorDiv(-dividend, divisor);
	}

	/**
	 * What to do with a request.
	 * @param headers the rate-limit headers to answer with
	 * @param refusal the 429 to answer instead of the endpoint's answer, or none
	 */
	record Decision(Map<String, String> headers, Reply.@Nullable Json refusal) {

	}

}
