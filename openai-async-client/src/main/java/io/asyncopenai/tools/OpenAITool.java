package io.asyncopenai.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool the model may call. The method takes one parameter, a record or
 * bean of the arguments (its strict JSON schema is what the model fills in), and returns a
 * {@code Mono} of the output, or the output itself: a {@code String} is sent as it is,
 * anything else as JSON. A method that does not return a {@code Mono} is taken to block and
 * runs on Reactor's bounded elastic scheduler.
 *
 * <p>In a Spring Boot application, the starter finds these methods on beans and gathers them
 * in the {@link OpenAITools} bean, by name; elsewhere, {@link Tool#fromMethods(Object)} reads
 * them from an object.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OpenAITool {

	/**
	 * The name the model calls the tool by; the method's name when empty.
	 * @return the name
	 */
	String name() default "";

	/**
	 * What the tool does and when to call it, for the model.
	 * @return the description
	 */
	String description() default "";

}
