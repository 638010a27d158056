package io.asyncopenai.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs a load until the JIT compiler is done with it: for at least a minimum time, then in
 * slices until two slices in a row each cost the compiler no more than a small share of their
 * time, or until a maximum. A client's CPU per request is only its own once its hot paths are
 * compiled: on one core the compiler's threads take their time from the client's, and a client
 * with more code (WebClient, richer models) compiles for longer than a raw one. One quiet slice
 * is not enough: compilations come in bursts, as code run once per request reaches the
 * compiler's thresholds long after code run once per event.
 */
final class WarmUp {

	/** The share of a slice the compiler may take for the JIT to count as quiet. */
	static final double QUIET_SHARE = 0.02;

	/** How long the load runs between two looks at the compiler's time. */
	static final Duration SLICE = Duration.ofSeconds(2);

	/** The quiet slices in a row that end the warm-up. */
	static final int QUIET_SLICES = 2;

	private final Duration minimum;

	private final Duration maximum;

	private final LongSupplier compileMillis;

	/**
	 * A warm-up.
	 * @param minimum how long it runs at least
	 * @param maximum how long it runs at most, quiet or not; a maximum no longer than the
	 * minimum makes it a fixed warm-up
	 * @param compileMillis the compiler's time so far, in milliseconds
	 */
	WarmUp(Duration minimum, Duration maximum, LongSupplier compileMillis) {
		this.minimum = minimum;
		this.maximum = maximum;
		this.compileMillis = compileMillis;
	}

	/** The compiler's time so far in this JVM, in milliseconds; 0 where it is not known. */
	static long jitMillis() {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return (compiler != null && compiler.isCompilationTimeMonitoringSupported()) ? compiler.getTotalCompilationTime()
				: 0;
	}

	/**
	 * Runs the load.
	 * @param load runs the load for the time given, and returns when it is done
	 * @return how long the load ran in all
	 */
	Duration run(Consumer<Duration> load) {
		load.accept(this.minimum);
		Duration elapsed = this.minimum;
		int quiet = 0;
		while (elapsed.compareTo(this.maximum) < 0 && quiet < QUIET_SLICES) {
			Duration slice = SLICE.compareTo(this.maximum.minus(elapsed)) < 0 ? SLICE : this.maximum.minus(elapsed);
			long before = this.compileMillis.getAsLong();
			load.accept(slice);
			elapsed = elapsed.plus(slice);
			boolean quietSlice = this.compileMillis.getAsLong() - before <= slice.toMillis() * QUIET_SHARE;
			quiet = quietSlice ? quiet + 1 : 0;
		}
		return elapsed;
	}

}
