package io.asyncopenai.models.embeddings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import org.jspecify.annotations.Nullable;

import io.asyncopenai.core.OpenAIJson;

/**
 * The body of {@code POST /embeddings}.
 *
 * @param model the embedding model, for example {@code text-embedding-3-small}
 * @param input a string, a list of strings, a list of token ids or a list of token-id lists
 * @param dimensions the length of each vector, for models that can shorten them
 * @param encodingFormat {@code float} or {@code base64}; unset, the client asks for
 * {@code base64} and decodes it, which is smaller and faster
 * @param user an identifier of the end user
 * @param extraBody fields the API accepts that this type does not model
 */
public record EmbeddingCreateParams(String model, Object input, @Nullable Integer dimensions,
		@Nullable String encodingFormat, @Nullable String user, @JsonAnyGetter Map<String, Object> extraBody) {

	public EmbeddingCreateParams {
		Objects.requireNonNull(model, "model");
		Objects.requireNonNull(input, "input");
		extraBody = OpenAIJson.fields(extraBody);
	}

	/**
	 * A builder for the params.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * These params with another encoding format.
	 * @param encodingFormat the format
	 * @return the new params
	 */
	public EmbeddingCreateParams withEncodingFormat(String encodingFormat) {
		return new EmbeddingCreateParams(this.model, this.input, this.dimensions, encodingFormat, this.user,
				this.extraBody);
	}

	/**
	 * Builds {@link EmbeddingCreateParams}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private @Nullable Object input;

		private @Nullable Integer dimensions;

		private @Nullable String encodingFormat;

		private @Nullable String user;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		/** Embeds one text. */
		public Builder input(String input) {
			this.input = input;
			return this;
		}

		/** Embeds several texts, one vector each, in order. */
		public Builder input(List<String> input) {
			this.input = List.copyOf(input);
			return this;
		}

		/** Embeds token ids (or lists of them) as the API accepts them. */
		public Builder inputTokens(List<?> tokens) {
			this.input = List.copyOf(tokens);
			return this;
		}

		public Builder dimensions(int dimensions) {
			this.dimensions = dimensions;
			return this;
		}

		/** {@code float} or {@code base64}. */
		public Builder encodingFormat(String encodingFormat) {
			this.encodingFormat = encodingFormat;
			return this;
		}

		public Builder user(String user) {
			this.user = user;
			return this;
		}

		/** Adds a body field the params do not model; it replaces a modelled field of that name. */
		public Builder extraBody(String name, @Nullable Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public EmbeddingCreateParams build() {
			if (this.model == null) {
				throw new IllegalStateException("model is required");
			}
			if (this.input == null) {
				throw new IllegalStateException("input is required");
			}
			return new EmbeddingCreateParams(this.model, this.input, this.dimensions, this.encodingFormat, this.user,
					this.extraBody);
		}

	}

}
