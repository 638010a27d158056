package io.asyncopenai.test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A thread of the server's own that runs the work an endpoint does later (a batch's next
 * state, a file's indexing), started on first use and stopped with the server.
 */
final class MockTimer implements AutoCloseable {

	private final String threadName;

	private @Nullable ScheduledExecutorService executor;

	private boolean closed;

	MockTimer(String threadName) {
		this.threadName = threadName;
	}

	/**
	 * Runs a task after a delay; once the timer is closed, drops it.
	 * @param task the task
	 * @param delay the delay
	 */
	synchronized void schedule(Runnable task, Duration delay) {
		if (this.closed) {
			return;
		}
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, this.threadName);
				thread.setDaemon(true);
				return thread;
			});
		}
		try {
			this.executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closing: the task is dropped, as the work of a stopped server.
		}
	}

	/** Stops the thread, waiting a few seconds for a task that runs. */
	@Override
	public void close() {
		ScheduledExecutorService executor;
		synchronized (this) {
			this.closed = true;
			executor = this.executor;
		}
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
