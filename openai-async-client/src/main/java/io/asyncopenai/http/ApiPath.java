package io.asyncopenai.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A path below the base URL with the template it was made from: requests go to
 * {@link #path()}, observations record {@link #template()}, so that ids in paths do not make
 * each request a metric of its own.
 *
 * @param template the template, for example {@code /models/{model}}
 * @param path the path with its values, for example {@code /models/gpt-4o}
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
		StringBuilder path = new StringBuilder();
		int next = 0;
		int index = 0;
		int open;
		while ((open = template.indexOf('{', index)) >= 0) {
			int close = template.indexOf('}', open);
			if (close < 0) {
				break;
			}
			if (next >= values.length) {
				throw new IllegalArgumentException("Too few values for " + template);
			}
			path.append(template, index, open).append(encode(values[next++]));
			index = close + 1;
		}
		if (next != values.length) {
			throw new IllegalArgumentException("Too many values for " + template);
		}
		path.append(template, index, template.length());
		return new ApiPath(template, path.toString());
	}

	private static String encode(String value) {
		// Colons are legal in a path segment and common in fine-tuned model ids.
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
	}

}
