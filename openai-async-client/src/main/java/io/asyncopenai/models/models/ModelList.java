package io.asyncopenai.models.models;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /models}.
 *
 * @param object always {@code list}
 * @param data the models
 */
public record ModelList(@Nullable String object, List<Model> data) {

	public ModelList {
		data = (data != null) ? List.copyOf(data) : List.of();
	}

}
