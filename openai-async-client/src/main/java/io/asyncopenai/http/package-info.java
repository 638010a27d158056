/**
 * The transport only: {@link io.asyncopenai.http.OpenAIHttpClient} (WebClient over Reactor
 * Netty with its own connection pool), its proxies, TLS, redirects and keep-alive limit. It
 * imports nothing else of the project: the API-call pipeline that uses it is
 * {@code io.asyncopenai.core}.
 */
@NullMarked
package io.asyncopenai.http;

import org.jspecify.annotations.NullMarked;
