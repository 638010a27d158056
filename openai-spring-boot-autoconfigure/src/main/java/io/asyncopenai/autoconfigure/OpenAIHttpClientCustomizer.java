package io.asyncopenai.autoconfigure;

import reactor.netty.http.client.HttpClient;

/**
 * Changes the Reactor Netty {@link HttpClient} of the auto-configured
 * {@link io.asyncopenai.http.OpenAIHttpClient} after the {@code openai.http.*} properties are
 * applied. Beans of this type are applied in {@link org.springframework.core.annotation.Order
 * order}.
 */
@FunctionalInterface
public interface OpenAIHttpClientCustomizer {

	/**
	 * Changes the client.
	 * @param httpClient the client so far
	 * @return the changed client (Reactor Netty's clients are immutable)
	 */
	HttpClient customize(HttpClient httpClient);

}
