package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;

import io.netty.util.ResourceLeakDetector;

/**
 * A Netty leak detector that records every leak it reports, so that tests can fail on them.
 * Netty uses it when started with
 * {@code -Dio.netty.customResourceLeakDetector=io.asyncopenai.test.RecordingLeakDetector}
 * (best with {@code -Dio.netty.leakDetection.level=paranoid});
 * {@link NettyLeakExtension} then fails a test class after which a leak was reported.
 *
 * @param <T> the type of the tracked resource
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

	private static final List<String> leaks = new ArrayList<>();

	private static volatile boolean active;

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
		this(resourceType, samplingInterval);
	}

	public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
		super(resourceType, samplingInterval);
		active = true;
	}

	/** Whether Netty uses this detector in this JVM. */
	public static boolean isActive() {
		return active || RecordingLeakDetector.class.getName()
			.equals(System.getProperty("io.netty.customResourceLeakDetector"));
	}

	/**
	 * The leaks reported so far; clears the record.
	 * @return each leak's report
	 */
	public static List<String> drain() {
		synchronized (leaks) {
			List<String> reported = List.copyOf(leaks);
			leaks.clear();
			return reported;
		}
	}

	@Override
	protected void reportTracedLeak(String resourceType, String records) {
		record("LEAK: " + resourceType + ".release() was not called:" + records);
		super.reportTracedLeak(resourceType, records);
	}

	@Override
	protected void reportUntracedLeak(String resourceType) {
		record("LEAK: " + resourceType + ".release() was not called (no access records)");
		super.reportUntracedLeak(resourceType);
	}

	private static void record(String leak) {
		synchronized (leaks) {
			leaks.add(leak);
		}
	}

}
