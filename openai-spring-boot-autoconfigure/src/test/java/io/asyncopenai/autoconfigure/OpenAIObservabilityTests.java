package io.asyncopenai.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.observation.GenAiObservationContext;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class OpenAIObservabilityTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void webClientObservationsCarryTheUriTemplateNotTheId(MockOpenAIServer server) {
		observedRunner(server).run((context) -> {
			context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT);
			List<ClientRequestObservationContext> observed = context.getBean(ObservationConfiguration.class).observed;
			assertThat(observed).singleElement().satisfies((observation) -> {
				assertThat(observation.getUriTemplate()).isEqualTo(server.baseUrl() + "/models/{model}");
				assertThat(observation.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/v1/models/{model}");
			});
		});
	}

	@Test
	void theGenAiObservationOfACallIsTheParentOfItsHttpObservations(MockOpenAIServer server) {
		server.enqueue(Fault.error(503));
		observedRunner(server).run((context) -> {
			context.getBean(AsyncOpenAI.class)
				.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build())
				.block(TIMEOUT);
			ObservationConfiguration observations = context.getBean(ObservationConfiguration.class);
			assertThat(observations.observed).hasSize(2).allSatisfy((attempt) -> {
				assertThat(attempt.getParentObservation()).isNotNull();
				assertThat(attempt.getParentObservation().getContextView())
					.isInstanceOfSatisfying(GenAiObservationContext.class,
							(genAi) -> assertThat(genAi.getOperationName()).isEqualTo("chat"));
			});
		});
	}

	@Test
	void poolPublishesReactorNettyMetricsNamedForTheClient(MockOpenAIServer server) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Metrics.globalRegistry.add(registry);
		try {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenAIAutoConfiguration.class))
				.withBean(SimpleMeterRegistry.class, () -> registry)
				.withPropertyValues("openai.api-key=sk-x", "openai.base-url=" + server.baseUrl(),
						"openai.http.trust-env=false")
				.run((context) -> {
					context.getBean(AsyncOpenAI.class).models().retrieve("gpt-4o").block(TIMEOUT);
					List<Meter> pool = registry.getMeters()
						.stream()
						.filter((meter) -> meter.getId().getName().startsWith("reactor.netty.connection.provider"))
						.toList();
					assertThat(pool).isNotEmpty();
					assertThat(pool).allSatisfy((meter) -> assertThat(meter.getId().getTag("name")).isEqualTo("openai"));
				});
		}
		finally {
			Metrics.globalRegistry.remove(registry);
		}
	}

	/** The client on Boot's WebClient, with one registry that records the WebClient's observations. */
	private static ApplicationContextRunner observedRunner(MockOpenAIServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, OpenAIAutoConfiguration.class))
			.withUserConfiguration(ObservationConfiguration.class)
			.withPropertyValues("openai.api-key=sk-x", "openai.base-url=" + server.baseUrl(),
					"openai.http.trust-env=false");
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		final List<ClientRequestObservationContext> observed = new CopyOnWriteArrayList<>();

		/** One registry for the WebClient's observations and the client's own. */
		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<ClientRequestObservationContext>() {

				@Override
				public void onStop(ClientRequestObservationContext context) {
					ObservationConfiguration.this.observed.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ClientRequestObservationContext;
				}

			});
			registry.observationConfig().observationHandler((context) -> true);
			return registry;
		}

		@Bean
		WebClientCustomizer observationCustomizer(ObservationRegistry observationRegistry) {
			return (builder) -> builder.observationRegistry(observationRegistry);
		}

	}

}
