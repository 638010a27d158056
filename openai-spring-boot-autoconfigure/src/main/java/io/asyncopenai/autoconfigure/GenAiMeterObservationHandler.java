package io.asyncopenai.autoconfigure;

import java.time.Duration;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

import io.asyncopenai.observation.GenAiObservationContext;

/**
 * Records what a GenAI call's observation learnt, as OpenTelemetry's GenAI semantic conventions
 * name it: {@code gen_ai.client.token.usage} (a distribution of tokens, tagged
 * {@code gen_ai.token.type} {@code input} or {@code output}) and, for a stream,
 * {@code gen_ai.client.operation.time_to_first_chunk}, each with the observation's tags. Not a
 * {@code MeterObservationHandler}, so that Spring Boot runs it beside the handler that times the
 * observation rather than instead of it.
 */
class GenAiMeterObservationHandler implements ObservationHandler<GenAiObservationContext> {

	/** The distribution of tokens per call. */
	static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** The time from a streamed call to its first chunk. */
	static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	private final ObjectProvider<MeterRegistry> meterRegistry;

	GenAiMeterObservationHandler(ObjectProvider<MeterRegistry> meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onStop(GenAiObservationContext context) {
		MeterRegistry registry = this.meterRegistry.getObject();
		Tags tags = Tags.empty();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			if (!keyValue.getKey().equals("error.type")) {
				tags = tags.and(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
		}
		record(registry, tags, "input", context.getInputTokens());
		record(registry, tags, "output", context.getOutputTokens());
		Duration timeToFirstChunk = context.getTimeToFirstChunk();
		if (timeToFirstChunk != null) {
			Timer.builder(TIME_TO_FIRST_CHUNK)
				.description("Time from a streamed GenAI call to its first chunk")
				.tags(tags)
				.register(registry)
				.record(timeToFirstChunk);
		}
	}

	private static void record(MeterRegistry registry, Tags tags, String type, @Nullable Long tokens) {
		if (tokens != null) {
			DistributionSummary.builder(TOKEN_USAGE)
				.description("Number of input and output tokens used")
				.baseUnit("tokens")
				.tags(tags)
				.tag("gen_ai.token.type", type)
				.register(registry)
				.record(tokens);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof GenAiObservationContext;
	}

}
