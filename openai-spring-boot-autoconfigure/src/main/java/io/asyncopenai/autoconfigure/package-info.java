/**
 * Spring Boot auto-configuration of the AsyncOpenAI client: {@code openai.*} and
 * {@code openai.http.*} bound to an {@link io.asyncopenai.AsyncOpenAI} bean.
 */
@NullMarked
package io.asyncopenai.autoconfigure;

import org.jspecify.annotations.NullMarked;
