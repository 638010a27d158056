package io.asyncopenai.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;

/**
 * Keeps at most {@code maxIdle} of the pool's connections idle: one released while that many
 * are idle already is closed instead of kept. Reactor Netty's pool limits idle time but not the
 * idle count, which is what {@code max-keepalive-connections} promises. To do so it follows
 * which connections are leased and which idle, and counts them and their peak for
 * {@link OpenAIHttpClient}.
 */
final class KeepAliveLimiter implements ConnectionObserver {

	private final int maxIdle;

	private final Set<Channel> idle = ConcurrentHashMap.newKeySet();

	private final Set<Channel> leased = ConcurrentHashMap.newKeySet();

	private final Set<Channel> tracked = ConcurrentHashMap.newKeySet();

	private final AtomicInteger peak = new AtomicInteger();

	KeepAliveLimiter(int maxIdle) {
		this.maxIdle = maxIdle;
	}

	@Override
	public void onStateChange(Connection connection, State newState) {
		Channel channel = connection.channel();
		if (this.tracked.add(channel)) {
			this.peak.accumulateAndGet(this.tracked.size(), Math::max);
			channel.closeFuture().addListener((future) -> {
				this.idle.remove(channel);
				this.leased.remove(channel);
				this.tracked.remove(channel);
			});
		}
		if (newState == State.ACQUIRED || newState == State.CONFIGURED) {
			this.idle.remove(channel);
			if (channel.isActive()) {
				this.leased.add(channel);
			}
		}
		else if (newState == State.RELEASED) {
			this.leased.remove(channel);
			if (channel.isActive()) {
				this.idle.add(channel);
				// Each releasing thread closes only its own connection, so concurrent releases
				// cannot leave more than maxIdle idle, nor close more than the surplus.
				if (this.idle.size() > this.maxIdle && this.idle.remove(channel)) {
					channel.close();
				}
			}
		}
		else if (newState == State.DISCONNECTING) {
			this.leased.remove(channel);
			this.idle.remove(channel);
		}
	}

	/** Connections idle in the pool now. */
	int idleCount() {
		return this.idle.size();
	}

	/** The most connections open at once so far. */
	int peakCount() {
		return this.peak.get();
	}

	/** Connections leased to requests now. */
	int leasedCount() {
		return this.leased.size();
	}

}
