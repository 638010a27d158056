package io.asyncopenai.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.asyncopenai.errors.APIConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a client keeps the bearer tokens of a supplier: until shortly before they expire, one
 * fetch for concurrent callers, failures never kept.
 */
class CachingTokenSupplierTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void aTokenIsKeptUntilHalfItsShortLifeIsOverThenFetchedAgain() {
		AtomicInteger fetches = new AtomicInteger();
		// Made inside, so that the cache's timer runs on virtual time.
		StepVerifier.withVirtualTime(() -> {
			BearerTokenSupplier tokens = CachingTokenSupplier.of(() -> Mono.fromSupplier(
					() -> new BearerToken("token-" + fetches.incrementAndGet(), Instant.now().plusSeconds(2))));
			return Flux.concat(tokens.token(), tokens.token(),
					Mono.delay(Duration.ofMillis(1200)).then(tokens.token())).map(BearerToken::value);
		})
			.expectNext("token-1", "token-1")
			.thenAwait(Duration.ofMillis(1200))
			.expectNext("token-2")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void aTokenIsKeptUntilFiveMinutesBeforeItExpiresOrHalfItsLifeIfShorter() {
		Instant now = Instant.parse("2026-11-28T10:00:00Z");
		CachingTokenSupplier tokens = CachingTokenSupplier.of(() -> Mono.just(BearerToken.of("t")),
				Clock.fixed(now, ZoneOffset.UTC));
		assertThat(tokens.timeToLive(new BearerToken("t", now.plus(Duration.ofMinutes(60)))))
			.isEqualTo(Duration.ofMinutes(55));
		assertThat(tokens.timeToLive(new BearerToken("t", now.plus(Duration.ofMinutes(4)))))
			.isEqualTo(Duration.ofMinutes(2));
		assertThat(tokens.timeToLive(new BearerToken("t", now.minusSeconds(1)))).isZero();
		assertThat(tokens.timeToLive(new BearerToken("t", null))).isZero();
	}

	@Test
	void concurrentCallersShareOneFetchEvenWhenTheExpiryIsUnknown() {
		AtomicInteger fetches = new AtomicInteger();
		BearerTokenSupplier tokens = CachingTokenSupplier.of(() -> Mono.delay(Duration.ofMillis(100))
			.map((tick) -> BearerToken.of("opaque-" + fetches.incrementAndGet())));
		assertThat(Flux.range(0, 50).flatMap((i) -> tokens.token(), 50).map(BearerToken::value).distinct().collectList()
			.block(TIMEOUT)).containsExactly("opaque-1");
		assertThat(tokens.token().block(TIMEOUT).value()).isEqualTo("opaque-2");
	}

	@Test
	void aFailedFetchIsNotKeptAndAnEmptyOneFailsClearly() {
		AtomicInteger fetches = new AtomicInteger();
		BearerTokenSupplier tokens = CachingTokenSupplier.of(() -> (fetches.incrementAndGet() == 1)
				? Mono.error(new IllegalStateException("identity endpoint unavailable")) : Mono.just(BearerToken.of("t")));
		StepVerifier.create(tokens.token())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(APIConnectionException.class)
				.hasMessageContaining("The bearer token supplier failed")
				.hasMessageContaining("identity endpoint unavailable"))
			.verify(TIMEOUT);
		assertThat(tokens.token().block(TIMEOUT).value()).isEqualTo("t");
		StepVerifier.create(CachingTokenSupplier.of(Mono::empty).token())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(APIConnectionException.class)
				.hasMessageContaining("completed without a token"))
			.verify(TIMEOUT);
	}

	@Test
	void theExpiryOfAJwtIsReadFromItsExpClaim() {
		Instant exp = Instant.parse("2026-11-28T11:00:00Z");
		String jwt = "eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding()
			.encodeToString(("{\"exp\":" + exp.getEpochSecond() + "}").getBytes()) + ".sig";
		assertThat(BearerToken.of(jwt).expiresAt()).isEqualTo(exp);
		assertThat(BearerToken.of("not.a-jwt.token").expiresAt()).isNull();
		assertThat(BearerToken.of("opaque").expiresAt()).isNull();
	}

}
