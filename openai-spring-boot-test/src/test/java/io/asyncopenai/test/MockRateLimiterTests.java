package io.asyncopenai.test;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MockRateLimiterTests {

	private static final long MS = 1_000_000L;

	@Test
	void resetsAreWrittenInTheApiDurationFormat() {
		assertThat(MockRateLimiter.duration(0)).isEqualTo("0s");
		assertThat(MockRateLimiter.duration(20)).isEqualTo("20ms");
		assertThat(MockRateLimiter.duration(999)).isEqualTo("999ms");
		assertThat(MockRateLimiter.duration(1000)).isEqualTo("1s");
		assertThat(MockRateLimiter.duration(1500)).isEqualTo("1.5s");
		assertThat(MockRateLimiter.duration(1020)).isEqualTo("1.02s");
		assertThat(MockRateLimiter.duration(59_200)).isEqualTo("59.2s");
		assertThat(MockRateLimiter.duration(360_000)).isEqualTo("6m0s");
		assertThat(MockRateLimiter.duration(61_500)).isEqualTo("1m1.5s");
		assertThat(MockRateLimiter.duration(3_600_000)).isEqualTo("1h0m0s");
	}

	@Test
	void tokensAreAQuarterOfTheBodyRoundedUp() {
		assertThat(MockRateLimiter.tokens(0)).isZero();
		assertThat(MockRateLimiter.tokens(1)).isOne();
		assertThat(MockRateLimiter.tokens(4)).isOne();
		assertThat(MockRateLimiter.tokens(5)).isEqualTo(2);
	}

	@Test
	void requestsOverTheBudgetAreRefusedUntilTheWindowEnds() {
		AtomicLong now = new AtomicLong(1_000 * MS);
		MockRateLimiter limiter = new MockRateLimiter(2, 1000, Duration.ofSeconds(1), now::get);
		MockRateLimiter.Decision first = limiter.admit(0);
		assertThat(first.refusal()).isNull();
		assertThat(first.headers()).containsEntry("x-ratelimit-limit-requests", "2")
			.containsEntry("x-ratelimit-remaining-requests", "1")
			.containsEntry("x-ratelimit-reset-requests", "1s")
			.doesNotContainKey("retry-after");
		now.addAndGet(400 * MS);
		assertThat(limiter.admit(0).headers()).containsEntry("x-ratelimit-remaining-requests", "0")
			.containsEntry("x-ratelimit-reset-requests", "600ms");
		now.addAndGet(100 * MS);
		MockRateLimiter.Decision refused = limiter.admit(0);
		assertThat(refused.refusal()).isNotNull();
		assertThat(refused.refusal().status()).isEqualTo(429);
		JsonNode error = Http.json(refused.refusal().body()).get("error");
		assertThat(error.get("type").asString()).isEqualTo("requests");
		assertThat(error.get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.get("message").asString()).startsWith("Rate limit reached for requests");
		assertThat(refused.headers()).containsEntry("retry-after", "1")
			.containsEntry("retry-after-ms", "500")
			.containsEntry("x-ratelimit-remaining-requests", "0");
		assertThat(limiter.refusedCount()).isOne();
		now.addAndGet(500 * MS);
		MockRateLimiter.Decision next = limiter.admit(0);
		assertThat(next.refusal()).isNull();
		assertThat(next.headers()).containsEntry("x-ratelimit-remaining-requests", "1")
			.containsEntry("x-ratelimit-reset-requests", "1s");
	}

	@Test
	void tokensOfTheBodyAreCountedAndRefusedAsTokens() {
		AtomicLong now = new AtomicLong();
		MockRateLimiter limiter = new MockRateLimiter(100, 10, Duration.ofMinutes(1), now::get);
		assertThat(limiter.admit(29).headers()).containsEntry("x-ratelimit-remaining-tokens", "2")
			.containsEntry("x-ratelimit-limit-tokens", "10")
			.containsEntry("x-ratelimit-reset-tokens", "1m0s");
		MockRateLimiter.Decision refused = limiter.admit(9);
		assertThat(refused.refusal()).isNotNull();
		assertThat(Http.json(refused.refusal().body()).at("/error/type").asString()).isEqualTo("tokens");
		assertThat(refused.headers()).containsEntry("retry-after", "60").containsEntry("retry-after-ms", "60000");
		assertThat(limiter.admit(8).refusal()).isNull();
		assertThat(limiter.admit(0).headers()).containsEntry("x-ratelimit-remaining-tokens", "0")
			.containsEntry("x-ratelimit-remaining-requests", "97");
	}

	@Test
	void limitsBelowOneAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MockOpenAIServer.builder().rateLimit(0, 10, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MockOpenAIServer.builder().rateLimit(1, 10, Duration.ZERO));
	}

	@Test
	void everyResponseCarriesTheHeadersAndA429CarriesRetryAfter() {
		try (MockOpenAIServer server = MockOpenAIServer.builder().rateLimit(3, 1_000_000, Duration.ofMinutes(1))
			.start()) {
			HttpResponse<String> models = Http.get(server, "/v1/models");
			assertThat(models.statusCode()).isEqualTo(200);
			assertRateLimitHeaders(models.headers(), "2");
			HttpResponse<String> notFound = Http.get(server, "/v1/models/nope");
			assertThat(notFound.statusCode()).isEqualTo(404);
			assertRateLimitHeaders(notFound.headers(), "1");
			HttpResponse<String> stream = Http.post(server, "/v1/chat/completions",
					"{\"model\": \"gpt-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
			assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			assertRateLimitHeaders(stream.headers(), "0");
			HttpResponse<String> refused = Http.get(server, "/v1/models");
			assertThat(refused.statusCode()).isEqualTo(429);
			assertRateLimitHeaders(refused.headers(), "0");
			assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(
					(seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
			assertThat(refused.headers().firstValue("retry-after-ms")).hasValueSatisfying(
					(millis) -> assertThat(Long.parseLong(millis)).isBetween(1L, 60_000L));
			assertThat(Http.json(refused).at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
			assertThat(server.rateLimitedCount()).isOne();
			assertThat(server.requests()).hasSize(4);
			server.reset();
			assertThat(server.rateLimitedCount()).isZero();
		}
	}

	@Test
	void binaryAnswersCarryTheHeaders() {
		try (MockOpenAIServer server = MockOpenAIServer.builder().rateLimit(10, 1_000_000, Duration.ofMinutes(1))
			.start()) {
			HttpResponse<byte[]> speech = Http.sendForBytes(Http.request(server, "/v1/audio/speech")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"model\": \"tts-1\", \"voice\": \"alloy\", \"input\": \"Hi\"}"))
				.build());
			assertThat(speech.statusCode()).isEqualTo(200);
			assertRateLimitHeaders(speech.headers(), "9");
		}
	}

	@Test
	void aRefusedClientThatWaitsRetryAfterIsServedInTheNextWindow() {
		AtomicLong now = new AtomicLong();
		try (MockOpenAIServer server = MockOpenAIServer.builder()
			.rateLimit(1, 1_000_000, Duration.ofSeconds(1))
			.rateLimitClock(now::get)
			.start()) {
			assertThat(Http.get(server, "/v1/models").statusCode()).isEqualTo(200);
			now.addAndGet(300 * MS);
			HttpResponse<String> refused = Http.get(server, "/v1/models");
			assertThat(refused.statusCode()).isEqualTo(429);
			long retryAfterMillis = Long.parseLong(refused.headers().firstValue("retry-after-ms").orElseThrow());
			assertThat(retryAfterMillis).isEqualTo(700);
			now.addAndGet(retryAfterMillis * MS);
			HttpResponse<String> served = Http.get(server, "/v1/models");
			assertThat(served.statusCode()).isEqualTo(200);
			assertThat(served.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
			assertThat(server.rateLimitedCount()).isOne();
		}
	}

	private static void assertRateLimitHeaders(HttpHeaders headers, String remainingRequests) {
		assertThat(headers.firstValue("x-ratelimit-remaining-requests")).hasValue(remainingRequests);
		assertThat(headers.firstValue("x-ratelimit-limit-requests")).isPresent();
		assertThat(headers.firstValue("x-ratelimit-limit-tokens")).hasValue("1000000");
		assertThat(headers.firstValue("x-ratelimit-remaining-tokens")).isPresent();
		assertThat(headers.firstValue("x-ratelimit-reset-requests")).hasValueSatisfying((reset) -> assertThat(reset).matches("[0-9.hms]+"));
		assertThat(headers.firstValue("x-ratelimit-reset-tokens")).hasValueSatisfying((reset) -> assertThat(reset).matches("[0-9.hms]+"));
	}

}
