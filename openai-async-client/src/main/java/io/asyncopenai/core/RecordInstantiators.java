package io.asyncopenai.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Creates records through their canonical constructor as one pre-spread method handle. Jackson
 * calls a creator with {@code MethodHandle.invokeWithArguments}, which adapts the handle anew on
 * every call; for the many small records of an API answer that was the largest single cost of
 * reading it. Everything else (which properties, defaults, errors) stays Jackson's.
 */
final class RecordInstantiators extends ValueInstantiators.Base {

	/** The module that installs it. */
	static final JacksonModule MODULE = new JacksonModule() {

		@Override
		public String getModuleName() {
			return "asyncopenai-records";
		}

		@Override
		public tools.jackson.core.Version version() {
			return tools.jackson.core.Version.unknownVersion();
		}

		@Override
		public void setupModule(SetupContext context) {
			context.addValueInstantiators(new RecordInstantiators());
		}

	};

	@Override
	public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier description,
			ValueInstantiator instantiator) {
		if (instantiator.getClass() == StdValueInstantiator.class && instantiator.canCreateFromObjectWith()
				&& instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator
				&& creator.getDeclaringClass().isRecord()) {
			MethodHandle constructor = spread(creator.getAnnotated());
			if (constructor != null) {
				return new RecordInstantiator((StdValueInstantiator) instantiator, constructor);
			}
		}
		return instantiator;
	}

	private static @Nullable MethodHandle spread(Constructor<?> constructor) {
		try {
			return MethodHandles.lookup()
				.unreflectConstructor(constructor)
				.asSpreader(Object[].class, constructor.getParameterCount())
				.asType(MethodType.methodType(Object.class, Object[].class));
		}
		catch (IllegalAccessException | RuntimeException ex) {
			// Not accessible from here: Jackson's own call stays.
			return null;
		}
	}

	/** Jackson's instantiator of a record, creating it with the spread handle. */
	private static final class RecordInstantiator extends StdValueInstantiator {

		private final MethodHandle constructor;

		RecordInstantiator(StdValueInstantiator source, MethodHandle constructor) {
			super(source);
			this.constructor = constructor;
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, Object[] args) {
			try {
				return this.constructor.invokeExact(args);
			}
			catch (Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw rewrapCtorProblem(context, ex);
			}
		}

	}

}
