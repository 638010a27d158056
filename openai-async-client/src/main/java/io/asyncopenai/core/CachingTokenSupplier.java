package io.asyncopenai.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import reactor.core.publisher.Mono;

import io.asyncopenai.errors.APIConnectionException;

/**
 * A {@link BearerTokenSupplier} that keeps its token until shortly before it expires and
 * lets concurrent callers share one fetch. A token of unknown expiry is fetched again for
 * each call that comes after it arrived.
 */
final class CachingTokenSupplier implements BearerTokenSupplier {

	/** How long before its expiry a token is replaced, at most: as the Azure SDKs do. */
	static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

	private final BearerTokenSupplier source;

	private final Mono<BearerToken> cached;

	private final Clock clock;

	private CachingTokenSupplier(BearerTokenSupplier source, Clock clock) {
		this.source = source;
		this.clock = clock;
		this.cached = Mono.defer(source::token)
			.switchIfEmpty(Mono.error(() -> new APIConnectionException(
					"The bearer token supplier " + source.getClass().getName() + " completed without a token", null)))
			.onErrorMap((ex) -> !(ex instanceof APIConnectionException),
					(ex) -> new APIConnectionException("The bearer token supplier failed: " + ex, ex))
			.cache(this::timeToLive, (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	static BearerTokenSupplier of(BearerTokenSupplier source) {
		return of(source, Clock.systemUTC());
	}

	static CachingTokenSupplier of(BearerTokenSupplier source, Clock clock) {
		return (source instanceof CachingTokenSupplier caching) ? caching : new CachingTokenSupplier(source, clock);
	}

	@Override
	public Mono<BearerToken> token() {
		return this.cached;
	}

	/**
	 * Kept until five minutes before it expires, or half its remaining life if that is
	 * shorter; not kept when its expiry is unknown or past.
	 */
	Duration timeToLive(BearerToken token) {
		Instant expiresAt = token.expiresAt();
		if (expiresAt == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(this.clock.instant(), expiresAt);
		if (left.isNegative() || left.isZero()) {
			return Duration.ZERO;
		}
		Duration margin = (left.compareTo(REFRESH_MARGIN.multipliedBy(2)) < 0) ? left.dividedBy(2) : REFRESH_MARGIN;
		return left.minus(margin);
	}

	@Override
	public String toString() {
		return "CachingTokenSupplier{" + this.source.getClass().getName() + "}";
	}

}
