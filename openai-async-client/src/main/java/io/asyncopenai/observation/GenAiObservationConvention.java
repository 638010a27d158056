package io.asyncopenai.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of GenAI calls; implement it to change them.
 */
public interface GenAiObservationConvention extends ObservationConvention<GenAiObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof GenAiObservationContext;
	}

}
