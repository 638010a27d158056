/**
 * Observations of the client's GenAI calls after OpenTelemetry's GenAI semantic conventions:
 * {@code gen_ai.client.operation.duration} with the operation, provider, models and server,
 * and the usage and time to the first chunk that meters record from them.
 */
@NullMarked
package io.asyncopenai.observation;

import org.jspecify.annotations.NullMarked;
