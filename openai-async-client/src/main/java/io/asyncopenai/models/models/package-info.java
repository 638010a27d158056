/**
 * Requests and responses of the API's models endpoints.
 */
@NullMarked
package io.asyncopenai.models.models;

import org.jspecify.annotations.NullMarked;
