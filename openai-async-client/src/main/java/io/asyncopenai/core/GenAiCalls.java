package io.asyncopenai.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.observation.DefaultGenAiObservationConvention;
import io.asyncopenai.observation.GenAiObservationContext;
import io.asyncopenai.observation.GenAiObservationConvention;

/**
 * Observes the GenAI calls of a client (chat, completions, embeddings, images and audio):
 * one observation per call, over its retries, parent of the HTTP observations of its
 * attempts, with the usage and the answering model read from the answer or the stream's
 * events as they arrive. Other calls, and every call when no registry is set, go unobserved.
 */
final class GenAiCalls {

	private static final DefaultGenAiObservationConvention DEFAULT_CONVENTION = new DefaultGenAiObservationConvention();

	/** The GenAI operations by path template, named as {@code gen_ai.operation.name} names them. */
	private static final Map<String, String> OPERATIONS = Map.ofEntries(Map.entry("/chat/completions", "chat"),
			Map.entry("/responses", "chat"), Map.entry("/completions", "text_completion"),
			Map.entry("/embeddings", "embeddings"), Map.entry("/images/generations", "generate_content"),
			Map.entry("/images/edits", "generate_content"), Map.entry("/images/variations", "generate_content"),
			Map.entry("/audio/speech", "generate_content"), Map.entry("/audio/transcriptions", "generate_content"),
			Map.entry("/audio/translations", "generate_content"));

	private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
		@Override
		protected Accessors computeValue(Class<?> type) {
			return Accessors.of(type);
		}
	};

	private final ObservationRegistry registry;

	private final @Nullable GenAiObservationConvention convention;

	private final String providerName;

	private final String serverAddress;

	private final int serverPort;

	private final String clientName;

	GenAiCalls(ClientOptions options, String clientName) {
		this.registry = options.observationRegistry();
		this.convention = options.observationConvention();
		this.providerName = (options.azure() != null) ? "azure.ai.openai" : "openai";
		URI baseUrl = URI.create(options.baseUrl());
		this.serverAddress = baseUrl.getHost();
		this.serverPort = (baseUrl.getPort() != -1) ? baseUrl.getPort()
				: "https".equalsIgnoreCase(baseUrl.getScheme()) ? 443 : 80;
		this.clientName = clientName;
	}

	/**
	 * The context of a call's observation.
	 * @param path the call's path
	 * @param body its params, whose {@code model} is the requested one
	 * @param streaming whether its answer is streamed
	 * @return the context, or {@code null} if the call is not observed
	 */
	@Nullable GenAiObservationContext context(ApiPath path, @Nullable Object body, boolean streaming) {
		if (this.registry.isNoop()) {
			return null;
		}
		String operation = OPERATIONS.get(path.template());
		if (operation == null) {
			return null;
		}
		String model = (body != null) ? ACCESSORS.get(body.getClass()).model(body) : null;
		return new GenAiObservationContext(operation, this.providerName, model, this.serverAddress, this.serverPort,
				this.clientName, streaming);
	}

	/**
	 * A call observed from subscription to its answer, its failure or its cancellation. The
	 * observation stops before the answer goes on, so that what follows the call sees it
	 * recorded.
	 */
	<T> Mono<T> observe(GenAiObservationContext context, Mono<T> call) {
		return Mono.deferContextual((reactorContext) -> {
			Stopping observation = start(context, reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
			return call.doOnSuccess((answer) -> {
				if (answer != null) {
					read(answer, context);
				}
				observation.stop(null);
			})
				.doOnError(observation::stop)
				.doOnCancel(() -> observation.stop(null))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation.observation));
		});
	}

	/**
	 * A stream observed from subscription to its end, with the time to its first event, and the
	 * usage and model of the events that carry them (a chat stream's last chunk, a response's
	 * completed event). The observation stops before the end goes on.
	 */
	<T> Flux<T> observeStream(GenAiObservationContext context, Flux<T> events) {
		return Flux.deferContextual((reactorContext) -> {
			Stopping observation = start(context, reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
			long started = System.nanoTime();
			return events.doOnNext((event) -> {
				if (context.getTimeToFirstChunk() == null) {
					context.setTimeToFirstChunk(Duration.ofNanos(System.nanoTime() - started));
				}
				read(event, context);
			})
				.doOnComplete(() -> observation.stop(null))
				.doOnError(observation::stop)
				.doOnCancel(() -> observation.stop(null))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation.observation));
		});
	}

	private Stopping start(GenAiObservationContext context, @Nullable Observation parent) {
		Observation observation = observation(context, parent);
		observation.start();
		return new Stopping(observation);
	}

	private Observation observation(GenAiObservationContext context, @Nullable Observation parent) {
		Observation observation = Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context,
				this.registry);
		return (parent != null) ? observation.parentObservation(parent) : observation;
	}

	/** Reads the model and usage of an answer or an event, or of the response an event carries. */
	private static void read(Object answer, GenAiObservationContext context) {
		Accessors accessors = ACCESSORS.get(answer.getClass());
		Object response = accessors.response(answer);
		if (response != null) {
			read(response, context);
			return;
		}
		String model = accessors.model(answer);
		if (model != null) {
			context.setResponseModel(model);
		}
		Object usage = accessors.usage(answer);
		if (usage != null) {
			Accessors usageAccessors = ACCESSORS.get(usage.getClass());
			Long input = usageAccessors.number(usage, "inputTokens", "promptTokens");
			Long output = usageAccessors.number(usage, "outputTokens", "completionTokens");
			if (input != null) {
				context.setInputTokens(input);
			}
			if (output != null) {
				context.setOutputTokens(output);
			}
		}
	}

	/** An observation stopped once, by whichever of the end, a failure or a cancellation comes first. */
	private static final class Stopping {

		final Observation observation;

		private final AtomicBoolean stopped = new AtomicBoolean();

		Stopping(Observation observation) {
			this.observation = observation;
		}

		void stop(@Nullable Throwable failure) {
			if (this.stopped.compareAndSet(false, true)) {
				if (failure != null) {
					this.observation.error(failure);
				}
				this.observation.stop();
			}
		}

	}

	/**
	 * The record components of a type that observations read: {@code model}, {@code usage},
	 * {@code response} and the token counts of a usage.
	 */
	private static final class Accessors {

		private static final Accessors NONE = new Accessors(Map.of());

		private final Map<String, MethodHandle> components;

		private Accessors(Map<String, MethodHandle> components) {
			this.components = components;
		}

		static Accessors of(Class<?> type) {
			if (!type.isRecord()) {
				return NONE;
			}
			Map<String, MethodHandle> components = new HashMap<>();
			for (RecordComponent component : type.getRecordComponents()) {
				String name = component.getName();
				if (name.equals("model") || name.equals("usage") || name.equals("response") || name.equals("value")
						|| name.endsWith("Tokens")) {
					try {
						Method accessor = component.getAccessor();
						accessor.setAccessible(true);
						components.put(name, MethodHandles.lookup()
							.unreflect(accessor)
							.asType(MethodType.methodType(Object.class, Object.class)));
					}
					catch (ReflectiveOperationException | RuntimeException ex) {
						// Not readable here: the observation goes without it.
					}
				}
			}
			return components.isEmpty() ? NONE : new Accessors(Map.copyOf(components));
		}

		@Nullable String model(Object target) {
			Object model = get(target, "model");
			if (model == null || model instanceof String) {
				return (String) model;
			}
			// A union of model ids holds its text as its value.
			Object value = ACCESSORS.get(model.getClass()).get(model, "value");
			return (value instanceof String text) ? text : null;
		}

		@Nullable Object usage(Object target) {
			return get(target, "usage");
		}

		@Nullable Object response(Object target) {
			return get(target, "response");
		}

		@Nullable Long number(Object target, String... names) {
			for (String name : names) {
				if (get(target, name) instanceof Number number) {
					return number.longValue();
				}
			}
			return null;
		}

		private @Nullable Object get(Object target, String component) {
			MethodHandle accessor = this.components.get(component);
			if (accessor == null) {
				return null;
			}
			try {
				return accessor.invokeExact(target);
			}
			catch (Throwable ex) {
				return null;
			}
		}

	}

}
