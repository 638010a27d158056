/**
 * Requests and responses of the API's responses endpoints.
 */
@NullMarked
package io.asyncopenai.models.responses;

import org.jspecify.annotations.NullMarked;
