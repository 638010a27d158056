package io.asyncopenai.autoconfigure;

import io.asyncopenai.AsyncOpenAI;

/**
 * Changes the {@link AsyncOpenAI.Builder} of the auto-configured client after the
 * {@code openai.*} properties are applied. Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface AsyncOpenAIBuilderCustomizer {

	/**
	 * Changes the builder.
	 * @param builder the builder
	 */
	void customize(AsyncOpenAI.Builder builder);

}
