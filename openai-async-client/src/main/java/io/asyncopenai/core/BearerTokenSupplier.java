package io.asyncopenai.core;

import reactor.core.publisher.Mono;

/**
 * Where a client gets the bearer token it sends instead of an API key, such as a Microsoft
 * Entra ID token for Azure OpenAI. The client caches each token until shortly before it
 * expires, and concurrent calls share one fetch, so an implementation need not cache.
 */
@FunctionalInterface
public interface BearerTokenSupplier {

	/**
	 * Fetches a token.
	 * @return the token; {@link BearerToken#of(String)} reads a JWT's expiry
	 */
	Mono<BearerToken> token();

}
