package io.asyncopenai.core;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * A path below the base URL with the template it was made from: requests go to
 * {@link #path()}, observations record {@link #template()}, so that ids in paths do not make
 * each request a metric of its own.
 *
 * @param template the template, for example {@code /models/{model}}
 * @param path the path with its values and query, for example {@code /models/gpt-4o}
 */
public record ApiPath(String template, String path) {

	public ApiPath {
		Objects.requireNonNull(template, "template");
		Objects.requireNonNull(path, "path");
	}

	/**
	 * A path without placeholders.
	 * @param path the path
	 * @return the path, its own template
	 */
	public static ApiPath literal(String path) {
		return new ApiPath(path, path);
	}

	/**
	 * Expands a template's {@code {placeholders}} with values, in order, URL-encoded.
	 * @param template the template, for example {@code /responses/{response_id}/cancel}
	 * @param values one value per placeholder
	 * @return the path
	 * @throws IllegalArgumentException if the values do not match the placeholders
	 */
	public static ApiPath of(String template, String... values) {
		int[] next = { 0 };
		ApiPath path = expand(template, (name) -> {
			if (next[0] >= values.length) {
				throw new IllegalArgumentException("Too few values for " + template);
			}
			return values[next[0]++];
		});
		if (next[0] != values.length) {
			throw new IllegalArgumentException("Too many values for " + template);
		}
		return path;
	}

	/**
	 * Expands a template's {@code {placeholders}} with the values of the same names,
	 * URL-encoded.
	 * @param template the template, for example {@code /vector_stores/{vector_store_id}/files/{file_id}}
	 * @param values a value for each placeholder, by its name
	 * @return the path
	 * @throws IllegalArgumentException naming a placeholder without a value, or a value without
	 * a placeholder
	 */
	public static ApiPath of(String template, Map<String, ?> values) {
		Objects.requireNonNull(values, "values");
		Set<String> used = new HashSet<>();
		ApiPath path = expand(template, (name) -> {
			Object value = values.get(name);
			if (value == null) {
				throw new IllegalArgumentException("No value for the placeholder {" + name + "} of " + template);
			}
			used.add(name);
			return String.valueOf(value);
		});
		for (String name : values.keySet()) {
			if (!used.contains(name)) {
				throw new IllegalArgumentException("No placeholder {" + name + "} in " + template + " for its value");
			}
		}
		return path;
	}

	/** A template with each {@code {placeholder}} replaced by its value, URL-encoded. */
	private static ApiPath expand(String template, UnaryOperator<String> valueOf) {
		StringBuilder path = new StringBuilder();
		int index = 0;
		int open;
		while ((open = template.indexOf('{', index)) >= 0) {
			int close = template.indexOf('}', open);
			if (close < 0) {
				break;
			}
			path.append(template, index, open).append(encode(valueOf.apply(template.substring(open + 1, close))));
			index = close + 1;
		}
		path.append(template, index, template.length());
		return new ApiPath(template, path.toString());
	}

	/**
	 * This path with a query parameter appended; the template stays as it is. A collection
	 * appends one pair per element, in order, under the same name.
	 * @param name the parameter name, for example {@code include[]}
	 * @param value the value: {@code null} for none, a {@link Collection}, a {@link Boolean},
	 * or any value as {@link String#valueOf(Object)} writes it
	 * @return the new path, or this one if the value is {@code null}
	 */
	public ApiPath query(String name, @Nullable Object value) {
		Objects.requireNonNull(name, "name");
		if (value == null) {
			return this;
		}
		StringBuilder path = new StringBuilder(this.path);
		boolean first = this.path.indexOf('?') < 0;
		if (value instanceof Collection<?> elements) {
			for (Object element : elements) {
				if (element != null) {
					appendPair(path, first, name, element);
					first = false;
				}
			}
		}
		else {
			appendPair(path, first, name, value);
		}
		return new ApiPath(this.template, path.toString());
	}

	private static void appendPair(StringBuilder path, boolean first, String name, Object value) {
		path.append(first ? '?' : '&').append(encode(name)).append('=').append(encode(String.valueOf(value)));
	}

	private static String encode(String value) {
		// Colons are legal in a path segment and common in fine-tuned model ids.
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
	}

}
