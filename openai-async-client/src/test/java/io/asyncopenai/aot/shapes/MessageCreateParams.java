package io.asyncopenai.aot.shapes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A params class with a builder, whose properties Jackson writes through annotated methods.
 */
public final class MessageCreateParams {

	private final String role;

	private final Content content;

	private final Map<String, Object> extraBody;

	private MessageCreateParams(Builder builder) {
		this.role = Objects.requireNonNull(builder.role, "role");
		this.content = Objects.requireNonNull(builder.content, "content");
		this.extraBody = Map.copyOf(builder.extraBody);
	}

	public static Builder builder() {
		return new Builder();
	}

	@JsonProperty("role")
	public String role() {
		return this.role;
	}

	@JsonProperty("content")
	public Content content() {
		return this.content;
	}

	@JsonAnyGetter
	public Map<String, Object> extraBody() {
		return this.extraBody;
	}

	/**
	 * Builds {@link MessageCreateParams}.
	 */
	public static final class Builder {

		private @Nullable String role;

		private @Nullable Content content;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder role(String role) {
			this.role = role;
			return this;
		}

		public Builder content(Content content) {
			this.content = content;
			return this;
		}

		public Builder extraBody(String name, Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public MessageCreateParams build() {
			return new MessageCreateParams(this);
		}

	}

}
