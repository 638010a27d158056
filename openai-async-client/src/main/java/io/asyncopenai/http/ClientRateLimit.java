package io.asyncopenai.http;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A live, read-only view of a transport's client-side rate limit, for gauges.
 */
public interface ClientRateLimit {

	/** How many calls wait in the queue now. */
	int queuedCalls();

	/** How many requests the client believes the current window has left, or -1 if unknown. */
	long remainingRequests();

	/** How many tokens the client believes the current window has left, or -1 if unknown. */
	long remainingTokens();

	/** Until when a 429's {@code retry-after} holds every call, or {@code null} if it holds none. */
	@Nullable Instant pausedUntil();

}
