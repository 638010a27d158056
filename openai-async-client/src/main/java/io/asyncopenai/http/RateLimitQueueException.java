package io.asyncopenai.http;

import java.time.Duration;

/**
 * A call the client-side rate limit did not send: its queue was full, or the call waited in it
 * longer than the pool timeout.
 */
public class RateLimitQueueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean queueFull;

	private final Duration waited;

	RateLimitQueueException(String message, boolean queueFull, Duration waited) {
		super(message);
		this.queueFull = queueFull;
		this.waited = waited;
	}

	/** Whether the call was refused at once because the queue was full, rather than timed out. */
	public boolean queueFull() {
		return this.queueFull;
	}

	/** How long the call waited in the queue. */
	public Duration waited() {
		return this.waited;
	}

}
