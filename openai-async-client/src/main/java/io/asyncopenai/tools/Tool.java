package io.asyncopenai.tools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.models.FunctionDefinition;
import io.asyncopenai.models.FunctionTool;
import io.asyncopenai.models.chat.completions.ChatCompletionTool;
import io.asyncopenai.structured.JsonSchemas;
import io.asyncopenai.structured.StrictJsonSchema;

/**
 * A function the model may call: a name, what it does, the Java type of its arguments (whose
 * strict JSON schema the model fills in) and what runs when it is called. Immutable.
 *
 * <pre>{@code
 * record CityWeather(String city) { }
 * Tool<CityWeather> weather = Tool.of("get_weather", "The weather now in a city", CityWeather.class,
 *         (args) -> weatherService.now(args.city()));
 * }</pre>
 *
 * @param <A> the type of the arguments
 */
public final class Tool<A> {

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	private final String name;

	private final @Nullable String description;

	private final Class<A> argumentsType;

	private final StrictJsonSchema schema;

	private final Function<? super A, ? extends Mono<?>> function;

	private Tool(String name, @Nullable String description, Class<A> argumentsType,
			Function<? super A, ? extends Mono<?>> function) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A tool's name must be 1 to 64 letters, digits, '_' or '-', not '"
					+ name + "'");
		}
		this.name = name;
		this.description = description;
		this.argumentsType = argumentsType;
		this.schema = JsonSchemas.strict(argumentsType);
		this.function = Objects.requireNonNull(function, "function");
	}

	/**
	 * A tool.
	 * @param name the name the model calls it by: letters, digits, {@code _} and {@code -}, up
	 * to 64
	 * @param description what it does and when to call it, for the model; may be {@code null}
	 * @param argumentsType a record or bean of the arguments (see {@link JsonSchemas})
	 * @param function what runs when the model calls it: its value is sent back to the model,
	 * a {@code String} as it is and anything else as JSON; an empty {@code Mono} sends an
	 * empty output
	 * @param <A> the type of the arguments
	 * @return the tool
	 * @throws IllegalArgumentException if the name is not valid, or the arguments type has a
	 * property strict schemas cannot describe (naming it)
	 */
	public static <A> Tool<A> of(String name, @Nullable String description, Class<A> argumentsType,
			Function<? super A, ? extends Mono<?>> function) {
		return new Tool<>(name, description, argumentsType, function);
	}

	/**
	 * The tools of an object's {@link OpenAITool} methods, public or not, its superclasses'
	 * included.
	 * @param target the object whose methods run
	 * @return the tools, in no particular order
	 * @throws IllegalArgumentException if a method does not take exactly one parameter, or
	 * its parameter type has a property strict schemas cannot describe (naming it)
	 */
	public static List<Tool<?>> fromMethods(Object target) {
		List<Tool<?>> tools = new ArrayList<>();
		for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Method method : type.getDeclaredMethods()) {
				OpenAITool annotation = method.getAnnotation(OpenAITool.class);
				if (annotation != null && !method.isBridge()) {
					tools.add(fromMethod(target, method, annotation));
				}
			}
		}
		return tools;
	}

	private static Tool<?> fromMethod(Object target, Method method, OpenAITool annotation) {
		String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
		if (method.getParameterCount() != 1) {
			throw new IllegalArgumentException("The @OpenAITool method " + where
					+ " must take exactly one parameter, a record of the tool's arguments");
		}
		method.setAccessible(true);
		String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
		String description = annotation.description().isEmpty() ? null : annotation.description();
		boolean reactive = Mono.class.isAssignableFrom(method.getReturnType());
		return of(name, description, method.getParameterTypes()[0], (args) -> {
			if (reactive) {
				return Mono.defer(() -> (Mono<?>) invoke(target, method, args, where));
			}
			// Whatever does not answer with a Mono may block: it runs off the event loops.
			return Mono.fromCallable(() -> invoke(target, method, args, where)).subscribeOn(Schedulers.boundedElastic());
		});
	}

	private static @Nullable Object invoke(Object target, Method method, Object args, String where) {
		try {
			Object result = method.invoke(target, args);
			return (result == null && Mono.class.isAssignableFrom(method.getReturnType())) ? Mono.empty() : result;
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(where + " failed: " + cause.getMessage(), cause);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call " + where, ex);
		}
	}

	/** The name the model calls the tool by. */
	public String name() {
		return this.name;
	}

	/** What the tool does, for the model. */
	public @Nullable String description() {
		return this.description;
	}

	/** The type of the arguments. */
	public Class<A> argumentsType() {
		return this.argumentsType;
	}

	/** The strict JSON schema of the arguments. */
	public StrictJsonSchema schema() {
		return this.schema;
	}

	/**
	 * The tool as the Responses API declares a function tool.
	 * @return the function tool
	 */
	public FunctionTool functionTool() {
		return FunctionTool.builder()
			.name(this.name)
			.description(this.description)
			.parameters(this.schema.asMap())
			.strict(true)
			.build();
	}

	/**
	 * The tool as the Chat Completions API declares a function tool.
	 * @return the chat completion tool
	 */
	public ChatCompletionTool chatCompletionTool() {
		return ChatCompletionTool.builder()
			.function(FunctionDefinition.builder()
				.name(this.name)
				.description(this.description)
				.parameters(this.schema.asMap())
				.strict(true)
				.build())
			.build();
	}

	/**
	 * Runs the tool for one call of the model.
	 * @param arguments the call's arguments, JSON as the model wrote them
	 * @param mapper the mapper to read them and write the output with
	 * @return the output to send back to the model; an {@link IllegalArgumentException} if
	 * the arguments do not fit the type
	 */
	Mono<String> call(String arguments, JsonMapper mapper) {
		return Mono.defer(() -> {
			A args;
			try {
				args = mapper.readValue(arguments.isBlank() ? "{}" : arguments, this.argumentsType);
			}
			catch (JacksonException ex) {
				return Mono.error(new IllegalArgumentException("The arguments of " + this.name + " do not fit "
						+ this.argumentsType.getSimpleName() + ": " + ex.getOriginalMessage(), ex));
			}
			Mono<?> result = this.function.apply(args);
			return (result != null) ? result.map((value) -> output(value, mapper)).defaultIfEmpty("")
					: Mono.just("");
		});
	}

	private static String output(Object value, JsonMapper mapper) {
		return (value instanceof CharSequence text) ? text.toString() : mapper.writeValueAsString(value);
	}

	@Override
	public String toString() {
		return "Tool[" + this.name + "(" + this.argumentsType.getSimpleName() + ")]";
	}

}
