package io.asyncopenai.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The observation of a GenAI call as OpenTelemetry's GenAI semantic conventions name it:
 * {@code gen_ai.client.operation.duration}, tagged with {@code gen_ai.operation.name},
 * {@code gen_ai.provider.name}, {@code gen_ai.request.model}, {@code gen_ai.response.model},
 * {@code server.address}, {@code server.port}, {@code error.type} and the client's name
 * ({@code openai.client.name}); the request id ({@code openai.request.id}) goes on the trace only.
 * A value not known is {@code none}, so that every meter of the name has the same tags.
 */
public class DefaultGenAiObservationConvention implements GenAiObservationConvention {

	/** The name of the observation and of its timer. */
	public static final String NAME = "gen_ai.client.operation.duration";

	private static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(GenAiObservationContext context) {
		String model = context.getRequestModel();
		return (model != null) ? context.getOperationName() + " " + model : context.getOperationName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(GenAiObservationContext context) {
		Throwable error = context.getError();
		return KeyValues.of(KeyValue.of("gen_ai.operation.name", context.getOperationName()),
				KeyValue.of("gen_ai.provider.name", context.getProviderName()),
				KeyValue.of("gen_ai.request.model", orNone(context.getRequestModel())),
				KeyValue.of("gen_ai.response.model", orNone(context.getResponseModel())),
				KeyValue.of("server.address", context.getServerAddress()),
				KeyValue.of("server.port", Integer.toString(context.getServerPort())),
				KeyValue.of("openai.client.name", context.getClientName()),
				KeyValue.of("error.type", (error != null) ? error.getClass().getSimpleName() : NONE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(GenAiObservationContext context) {
		return KeyValues.of(KeyValue.of("openai.request.id", orNone(context.getRequestId())));
	}

	private static String orNone(@Nullable String value) {
		return (value != null) ? value : NONE;
	}

}
