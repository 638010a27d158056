/**
 * The API's resources as {@link io.asyncopenai.AsyncOpenAI} exposes them: responses, chat
 * completions, embeddings and models.
 */
@NullMarked
package io.asyncopenai.services;

import org.jspecify.annotations.NullMarked;
