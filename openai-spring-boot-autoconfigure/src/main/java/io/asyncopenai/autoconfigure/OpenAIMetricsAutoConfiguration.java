package io.asyncopenai.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.asyncopenai.http.OpenAIHttpClient;

/**
 * Auto-configuration of the clients' meters when Micrometer has a registry: the GenAI token
 * usage and time to first chunk of every client's observed calls (their duration is the
 * observation's own timer), and the state of each client-side rate limit.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(name = { "io.asyncopenai.AsyncOpenAI", "io.micrometer.core.instrument.MeterRegistry" })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "openai.enabled", matchIfMissing = true)
public final class OpenAIMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GenAiMeterObservationHandler genAiMeterObservationHandler(ObjectProvider<MeterRegistry> meterRegistry) {
		return new GenAiMeterObservationHandler(meterRegistry);
	}

	@Bean
	OpenAIRateLimitMetrics openAIRateLimitMetrics(ObjectProvider<OpenAIHttpClient> httpClients) {
		return new OpenAIRateLimitMetrics(httpClients);
	}

}
