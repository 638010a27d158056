package io.asyncopenai.test;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which Netty reported a leaked buffer. Active only where
 * {@link RecordingLeakDetector} is Netty's leak detector; registered by JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}).
 */
public final class NettyLeakExtension implements AfterAllCallback {

	@Override
	public void afterAll(ExtensionContext context) {
		if (!RecordingLeakDetector.isActive()) {
			return;
		}
		List<String> leaks = collect();
		if (!leaks.isEmpty()) {
			throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) by the end of "
					+ context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
		}
	}

	/**
	 * Makes Netty look for leaks now: collects garbage, then allocates, since detectors report
	 * what the collector found when a buffer is next tracked.
	 */
	static List<String> collect() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			for (int j = 0; j < 64; j++) {
				release(PooledByteBufAllocator.DEFAULT.directBuffer(16));
				release(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
				release(UnpooledByteBufAllocator.DEFAULT.directBuffer(16));
			}
		}
		return RecordingLeakDetector.drain();
	}

	private static void release(ByteBuf buffer) {
		buffer.release();
	}

}
