package io.asyncopenai.structured;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;

/**
 * What a Java type becomes in a schema, read from the type before any JSON is written: the
 * reading can then count how often each object is used (to choose between inlining it and
 * {@code $defs}) and how deep objects nest.
 */
sealed interface Shape {

	/**
	 * A JSON scalar: its JSON type and what narrows it.
	 * @param type the JSON type
	 * @param format the string format, if any
	 * @param pattern the string pattern, if any
	 * @param values the allowed values of an enum, if any
	 */
	record Scalar(String type, @Nullable String format, @Nullable String pattern,
			@Nullable List<String> values) implements Shape {

		static Scalar of(String type) {
			return new Scalar(type, null, null, null);
		}

		static Scalar formatted(String format) {
			return new Scalar("string", format, null, null);
		}

		static Scalar matching(String pattern) {
			return new Scalar("string", null, pattern, null);
		}

		static Scalar oneOf(List<String> values) {
			return new Scalar("string", null, null, List.copyOf(values));
		}

	}

	/**
	 * A JSON array.
	 * @param items the shape of every element
	 */
	record ArrayOf(Shape items) implements Shape {
	}

	/**
	 * A value that may also be {@code null}.
	 * @param value the shape when it is not null
	 */
	record OrNull(Shape value) implements Shape {

		static Shape of(Shape shape) {
			return (shape instanceof OrNull) ? shape : new OrNull(shape);
		}

	}

	/**
	 * An object or a union of objects, read once and kept by its key.
	 * @param key the key of its {@link Definition}
	 */
	record Ref(Key key) implements Shape {
	}

	/**
	 * What identifies one object schema: its type, and the type id written into it when it is a
	 * subtype (the same class may be named differently by two bases).
	 * @param type the resolved type
	 * @param typeId the discriminator value, if any
	 */
	record Key(JavaType type, @Nullable String typeId) {
	}

	/** An object or a union, which may be inlined or put in {@code $defs}. */
	sealed interface Definition {

		/** The name it has in {@code $defs}, before making it unique. */
		String name();

	}

	/**
	 * A JSON object with every property required and no others allowed.
	 * @param name its name in {@code $defs}
	 * @param description the class's description, if any
	 * @param properties its properties in order
	 */
	record ObjectShape(String name, @Nullable String description, List<Property> properties) implements Definition {
	}

	/**
	 * Any one of the subtypes of a polymorphic type.
	 * @param name its name in {@code $defs}
	 * @param variants the keys of the subtypes' objects
	 */
	record Union(String name, List<Key> variants) implements Definition {
	}

	/**
	 * One property of an object.
	 * @param name its JSON name
	 * @param shape its value's shape
	 * @param description its description, if any
	 */
	record Property(String name, Shape shape, @Nullable String description) {
	}

}
