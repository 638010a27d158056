/**
 * Exceptions of the AsyncOpenAI client: {@link io.asyncopenai.errors.OpenAIException} and
 * its subclasses, one per kind of failure and per HTTP status class.
 */
@NullMarked
package io.asyncopenai.errors;

import org.jspecify.annotations.NullMarked;
