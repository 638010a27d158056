package io.asyncopenai.autoconfigure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

import io.asyncopenai.http.ClientRateLimit;
import io.asyncopenai.http.OpenAIHttpClient;

/**
 * Gauges of every client-side rate limit, tagged with the client's transport name:
 * {@code openai.client.rate_limit.queued_calls}, {@code .remaining_requests} and
 * {@code .remaining_tokens} (-1 while unknown).
 */
class OpenAIRateLimitMetrics implements MeterBinder {

	private final ObjectProvider<OpenAIHttpClient> httpClients;

	OpenAIRateLimitMetrics(ObjectProvider<OpenAIHttpClient> httpClients) {
		this.httpClients = httpClients;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.httpClients.orderedStream().forEach((httpClient) -> {
			ClientRateLimit rateLimit = httpClient.rateLimit();
			if (rateLimit != null) {
				gauge(registry, httpClient, rateLimit, "queued_calls", "Calls waiting for the client-side rate limit",
						(limit) -> limit.queuedCalls());
				gauge(registry, httpClient, rateLimit, "remaining_requests",
						"Requests the client believes the current window has left", ClientRateLimit::remainingRequests);
				gauge(registry, httpClient, rateLimit, "remaining_tokens",
						"Tokens the client believes the current window has left", ClientRateLimit::remainingTokens);
			}
		});
	}

	private static void gauge(MeterRegistry registry, OpenAIHttpClient httpClient, ClientRateLimit rateLimit,
			String name, String description, java.util.function.ToDoubleFunction<ClientRateLimit> value) {
		Gauge.builder("openai.client.rate_limit." + name, rateLimit, value)
			.description(description)
			.tag("name", httpClient.name())
			.register(registry);
	}

}
