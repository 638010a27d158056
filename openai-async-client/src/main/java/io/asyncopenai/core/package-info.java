/**
 * The API-call pipeline between the client and its transport: client and request options,
 * URI templates ({@link io.asyncopenai.core.ApiPath}), JSON conventions, request building,
 * response reading, the retry and stream loops, Server-Sent Events decoding and error
 * mapping. Services call it through {@link io.asyncopenai.core.ApiCaller}.
 */
@NullMarked
package io.asyncopenai.core;

import org.jspecify.annotations.NullMarked;
