/**
 * Requests and responses of the API's chat completions endpoints.
 */
@NullMarked
package io.asyncopenai.models.chat.completions;

import org.jspecify.annotations.NullMarked;
