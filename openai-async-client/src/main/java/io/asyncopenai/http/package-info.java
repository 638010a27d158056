/**
 * {@link io.asyncopenai.http.OpenAIHttpClient}, the transport of the client (WebClient over
 * Reactor Netty with its own connection pool), and its internals: request execution, retries,
 * error mapping and Server-Sent Events decoding.
 */
@NullMarked
package io.asyncopenai.http;

import org.jspecify.annotations.NullMarked;
