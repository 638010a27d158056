/**
 * Structured outputs: strict JSON Schemas made from Java types ({@link io.asyncopenai.structured.JsonSchemas}),
 * in the subset OpenAI's strict mode accepts, for a response format or a function tool's
 * parameters. Property names follow the client's own mapper ({@link io.asyncopenai.core.OpenAIJson}),
 * so that an answer written to the schema reads back into the same type.
 */
@NullMarked
package io.asyncopenai.structured;

import org.jspecify.annotations.NullMarked;
