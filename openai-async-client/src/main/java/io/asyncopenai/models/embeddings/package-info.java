/**
 * Requests and responses of the API's embeddings endpoints.
 */
@NullMarked
package io.asyncopenai.models.embeddings;

import org.jspecify.annotations.NullMarked;
