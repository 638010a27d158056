package io.asyncopenai.models.responses;

import org.jspecify.annotations.Nullable;

/**
 * The answer to deleting a stored response.
 *
 * @param id the response id
 * @param object always {@code response}
 * @param deleted whether it was deleted
 */
public record ResponseDeleted(String id, @Nullable String object, boolean deleted) {

}
