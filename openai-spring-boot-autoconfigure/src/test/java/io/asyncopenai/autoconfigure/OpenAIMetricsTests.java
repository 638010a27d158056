package io.asyncopenai.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.MockOpenAIServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GenAI metrics of OpenTelemetry's conventions in Spring Boot's meter registry, after a
 * call and a stream against the mock: the operation's duration, the token usage by model and
 * token type, the time to first chunk, each client's name; and the rate limit's gauges.
 */
class OpenAIMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o-mini")
		.addUserMessage("Say hello")
		.build();

	@Test
	void aCallAndAStreamRecordTheirDurationUsageAndTimeToFirstChunk() {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.base-url=" + server.baseUrl(), "openai.api-key=sk-metrics",
					"openai.stream-include-usage=true")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					AsyncOpenAI client = context.getBean(AsyncOpenAI.class);
					ChatCompletion completion = client.chat().completions().create(CHAT).block(TIMEOUT);
					ChatCompletionChunk last = client.chat().completions().createStreaming(CHAT).blockLast(TIMEOUT);
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					Timer duration = registry.get("gen_ai.client.operation.duration")
						.tag("gen_ai.operation.name", "chat")
						.tag("gen_ai.request.model", "gpt-4o-mini")
						.tag("gen_ai.response.model", completion.model())
						.tag("openai.client.name", "openai")
						.tag("error.type", "none")
						.timer();
					assertThat(duration.count()).isEqualTo(2);
					DistributionSummary input = registry.get("gen_ai.client.token.usage")
						.tag("gen_ai.token.type", "input")
						.tag("gen_ai.request.model", "gpt-4o-mini")
						.summary();
					DistributionSummary output = registry.get("gen_ai.client.token.usage")
						.tag("gen_ai.token.type", "output")
						.summary();
					assertThat(input.count()).isEqualTo(2);
					assertThat(input.totalAmount())
						.isEqualTo(completion.usage().promptTokens() + last.usage().promptTokens());
					assertThat(output.totalAmount())
						.isEqualTo(completion.usage().completionTokens() + last.usage().completionTokens());
					assertThat(registry.get("gen_ai.client.operation.time_to_first_chunk").timer().count()).isOne();
				});
		}
	}

	@Test
	void aNamedClientsMetricsCarryItsName() {
		try (MockOpenAIServer server = MockOpenAIServer.start()) {
			runner().withPropertyValues("openai.base-url=" + server.baseUrl(), "openai.api-key=sk-metrics",
					"openai.default-client.enabled=false", "openai.clients.local.base-url=" + server.baseUrl())
				.run((context) -> {
					context.getBean("localAsyncOpenAI", AsyncOpenAI.class).chat().completions().create(CHAT)
						.block(TIMEOUT);
					assertThat(context.getBean(MeterRegistry.class)
						.get("gen_ai.client.token.usage")
						.tag("openai.client.name", "openai-local")
						.summaries()).hasSize(2);
				});
		}
	}

	@Test
	void theRateLimitOfAClientHasGauges() {
		try (MockOpenAIServer server = MockOpenAIServer.builder().rateLimit(50, 100_000, Duration.ofSeconds(1))
			.start()) {
			runner().withPropertyValues("openai.base-url=" + server.baseUrl(), "openai.api-key=sk-metrics",
					"openai.http.rate-limit.enabled=true")
				.run((context) -> {
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(registry.get("openai.client.rate_limit.remaining_requests").tag("name", "openai").gauge()
						.value()).isEqualTo(-1);
					context.getBean(AsyncOpenAI.class).models().list().blockLast(TIMEOUT);
					assertThat(registry.get("openai.client.rate_limit.remaining_requests").gauge().value())
						.isEqualTo(49);
					assertThat(registry.get("openai.client.rate_limit.queued_calls").gauge().value()).isZero();
				});
		}
	}

	@Test
	void withoutAMeterRegistryNothingIsRecorded() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class, OpenAIMetricsAutoConfiguration.class))
			.withPropertyValues("openai.api-key=sk-x", "openai.http.trust-env=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GenAiMeterObservationHandler.class)
				.doesNotHaveBean(OpenAIRateLimitMetrics.class));
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					OpenAIAutoConfiguration.class, OpenAIMetricsAutoConfiguration.class))
			.withPropertyValues("openai.http.trust-env=false");
	}

}
