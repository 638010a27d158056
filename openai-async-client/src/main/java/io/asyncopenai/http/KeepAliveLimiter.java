package io.asyncopenai.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;

/**
 * Keeps at most {@code maxIdle} connections idle in the pool: a connection released while that
 * many are idle already is closed instead of kept. Reactor Netty's pool limits idle time but
 * not the idle count, which is what {@code max-keepalive-connections} promises.
 */
final class KeepAliveLimiter implements ConnectionObserver {

	private final int maxIdle;

	private final Set<Channel> idle = ConcurrentHashMap.newKeySet();

	private final Set<Channel> tracked = ConcurrentHashMap.newKeySet();

	KeepAliveLimiter(int maxIdle) {
		this.maxIdle = maxIdle;
	}

	@Override
	public void onStateChange(Connection connection, State newState) {
		Channel channel = connection.channel();
		if (this.tracked.add(channel)) {
			channel.closeFuture().addListener((future) -> {
				this.idle.remove(channel);
				this.tracked.remove(channel);
			});
		}
		if (newState == State.ACQUIRED) {
			this.idle.remove(channel);
		}
		else if (newState == State.RELEASED && channel.isActive()) {
			this.idle.add(channel);
			// Each releasing thread closes only its own connection, so concurrent releases
			// cannot leave more than maxIdle idle, nor close more than the surplus.
			if (this.idle.size() > this.maxIdle && this.idle.remove(channel)) {
				channel.close();
			}
		}
	}

	/** Connections idle in the pool now. */
	int idleCount() {
		return this.idle.size();
	}

}
