package io.asyncopenai.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON conventions of the API, as one Jackson mapper: snake_case names, absent instead of
 * null in requests, unknown fields kept rather than fatal, records created without Jackson's
 * per-call reflection ({@link RecordInstantiators}).
 */
public final class OpenAIJson {

	// Buffers are recycled per thread, as Jackson 2 did: the event-loop threads that decode
	// responses are few and long-lived, where a shared pool's queue costs more than it saves.
	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.addModule(RecordInstantiators.MODULE)
		.build();

	private OpenAIJson() {
	}

	/** The mapper models and params are read and written with. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

}
