package io.asyncopenai.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Sets properties on a client builder, one setter each, and lets the builder's own checks
 * speak: a value a setter refuses, or one {@code build()} refuses (a limit that depends on
 * another), fails as an {@link InvalidConfigurationPropertyValueException} naming the property
 * and its value, with the builder's reason in property names. A refusal of anything else (a
 * value a customizer set, a customizer's own failure) is left as it is.
 */
final class BuilderProperties {

	private final String prefix;

	/** By builder setter name, the property set through it and the value shown for it. */
	private final Map<String, Applied> applied = new LinkedHashMap<>();

	/**
	 * Properties under a prefix.
	 * @param prefix the prefix of every property, such as {@code openai.http.}
	 */
	BuilderProperties(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * A setter of the builder for a property.
	 * @param property the property, without the prefix
	 * @param setterName the setter's name, as the builder's messages say it
	 * @param setter sets the value
	 * @param <T> the value's type
	 * @return what sets the value
	 */
	<T> Consumer<T> to(String property, String setterName, Consumer<T> setter) {
		return to(property, setterName, setter, (value) -> value);
	}

	/**
	 * A setter of the builder for a property whose value must not be shown as it is (a URL
	 * with credentials).
	 * @param property the property, without the prefix
	 * @param setterName the setter's name, as the builder's messages say it
	 * @param setter sets the value
	 * @param shown the value as errors show it
	 * @param <T> the value's type
	 * @return what sets the value
	 */
	<T> Consumer<T> to(String property, String setterName, Consumer<T> setter, Function<T, Object> shown) {
		return (value) -> {
			Applied property0 = new Applied(this.prefix + property, shown.apply(value));
			this.applied.put(setterName, property0);
			try {
				setter.accept(value);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(property0.name(), property0.value(),
						inPropertyNames(ex.getMessage()));
			}
		};
	}

	/**
	 * Builds, turning a refusal of {@code build()} that starts with the name of a setter used
	 * here into the invalid value of its property.
	 * @param build builds
	 * @param <T> what is built
	 * @return what was built
	 */
	<T> T build(Supplier<T> build) {
		try {
			return build.get();
		}
		catch (IllegalArgumentException ex) {
			String message = (ex.getMessage() != null) ? ex.getMessage() : "";
			for (Map.Entry<String, Applied> entry : this.applied.entrySet()) {
				Object value = entry.getValue().value();
				// The refused value must be the one set here: a customizer may have changed it since.
				if (Pattern.compile("^" + Pattern.quote(entry.getKey()) + "\\b").matcher(message).find()
						&& (value == null || message.contains(String.valueOf(value)))) {
					throw new InvalidConfigurationPropertyValueException(entry.getValue().name(), entry.getValue().value(),
							inPropertyNames(message));
				}
			}
			throw ex;
		}
	}

	/** The builder's reason with the names of the setters used here made property names. */
	private String inPropertyNames(@Nullable String message) {
		String text = (message != null) ? message : "was refused";
		for (Map.Entry<String, Applied> entry : this.applied.entrySet()) {
			text = Pattern.compile("\\b" + Pattern.quote(entry.getKey()) + "\\b")
				.matcher(text)
				.replaceAll(Matcher.quoteReplacement(entry.getValue().name()));
		}
		return text;
	}

	private record Applied(String name, @Nullable Object value) {

	}

}
