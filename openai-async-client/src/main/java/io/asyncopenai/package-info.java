/**
 * {@link io.asyncopenai.AsyncOpenAI}, the non-blocking OpenAI API client, and the options of
 * the client and of each request.
 */
@NullMarked
package io.asyncopenai;

import org.jspecify.annotations.NullMarked;
