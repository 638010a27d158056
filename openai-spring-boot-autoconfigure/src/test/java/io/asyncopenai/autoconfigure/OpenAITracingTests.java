package io.asyncopenai.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot's tracing on (Brave here), a call is a span whose attempts are its child
 * spans, and each attempt sends its trace context to the server in {@code traceparent}.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class OpenAITracingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void eachAttemptSendsTheTraceContextOfItsOwnSpanBelowTheCallsSpan(MockOpenAIServer server) {
		server.enqueue(Fault.error(503));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class,
					WebClientAutoConfiguration.class, WebClientObservationAutoConfiguration.class,
					OpenAIAutoConfiguration.class))
			.withUserConfiguration(FinishedSpans.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0", "openai.api-key=sk-x",
					"openai.base-url=" + server.baseUrl(), "openai.http.trust-env=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(AsyncOpenAI.class)
					.chat()
					.completions()
					.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build())
					.block(TIMEOUT);
				List<MutableSpan> spans = context.getBean(FinishedSpans.class).spans;
				MutableSpan call = spans.stream()
					.filter((span) -> "chat".equals(span.tag("gen_ai.operation.name")))
					.findFirst()
					.orElseThrow();
				List<RecordedRequest> attempts = server.requests();
				assertThat(attempts).hasSize(2);
				assertThat(call.tag("openai.request.id")).isEqualTo(attempts.get(1).requestId());
				List<String> attemptSpanIds = spans.stream()
					.filter((span) -> call.id().equals(span.parentId()))
					.map(MutableSpan::id)
					.toList();
				assertThat(attemptSpanIds).hasSize(2);
				assertThat(attempts).extracting((attempt) -> attempt.header("traceparent"))
					.containsExactlyInAnyOrderElementsOf(attemptSpanIds.stream()
						.map((spanId) -> "00-" + call.traceId() + "-" + spanId + "-01")
						.toList());
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class FinishedSpans {

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean
		SpanHandler recordingSpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					FinishedSpans.this.spans.add(span);
					return true;
				}

			};
		}

	}

}
