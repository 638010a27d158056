/**
 * A WebFlux application that injects {@link io.asyncopenai.AsyncOpenAI}.
 */
@NullMarked
package io.asyncopenai.sample;

import org.jspecify.annotations.NullMarked;
