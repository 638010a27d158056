package io.asyncopenai.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up's decision, driven by a load that reports the compiler time each slice costs.
 */
class WarmUpTests {

	private final List<Duration> loads = new ArrayList<>();

	private final AtomicLong compileMillis = new AtomicLong();

	@Test
	void runsTheMinimumThenSlicesUntilTwoInARowCostTheCompilerUnderTwoPercent() {
		// 2 % of a 2-second slice is 40 ms; a busy slice between two quiet ones starts the count again.
		Duration warmedUp = warmUp(15, 90, 900, 300, 40, 41, 12, 40);
		assertThat(this.loads).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
		assertThat(warmedUp).isEqualTo(Duration.ofSeconds(25));
	}

	@Test
	void stopsAtTheMaximumWhenTheCompilerIsNeverQuiet() {
		Duration warmedUp = warmUp(15, 20, 900, 500, 500, 500, 500, 500);
		assertThat(this.loads).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofSeconds(1));
		assertThat(warmedUp).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void isFixedWhenTheMaximumIsTheMinimum() {
		Duration warmedUp = warmUp(15, 15, 900, 500);
		assertThat(this.loads).containsExactly(Duration.ofSeconds(15));
		assertThat(warmedUp).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void readsTheCompilerTimeOfThisJvm() {
		assertThat(WarmUp.jitMillis()).isPositive();
	}

	/**
	 * Warms up with a load whose n-th run costs the compiler the n-th of the given times.
	 */
	private Duration warmUp(long minimumSeconds, long maximumSeconds, long... compileMillisPerLoad) {
		return new WarmUp(Duration.ofSeconds(minimumSeconds), Duration.ofSeconds(maximumSeconds),
				this.compileMillis::get).run((slice) -> {
					this.compileMillis.addAndGet(compileMillisPerLoad[this.loads.size()]);
					this.loads.add(slice);
				});
	}

}
