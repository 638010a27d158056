package io.asyncopenai.services;

import reactor.core.publisher.Mono;

import io.asyncopenai.RequestOptions;
import io.asyncopenai.http.RequestExecutor;
import io.asyncopenai.models.embeddings.CreateEmbeddingResponse;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;

import org.springframework.http.HttpMethod;

/**
 * {@code /embeddings}: embed texts as vectors.
 */
public final class EmbeddingService {

	private final RequestExecutor executor;

	public EmbeddingService(RequestExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Embeds the inputs. Unless the params set an encoding format, the vectors travel as
	 * base64 (a quarter of the size of float JSON, and faster to decode) and arrive as
	 * {@code float[]} all the same.
	 * @param params the request
	 * @return one vector per input
	 */
	public Mono<CreateEmbeddingResponse> create(EmbeddingCreateParams params) {
		return create(params, RequestOptions.none());
	}

	public Mono<CreateEmbeddingResponse> create(EmbeddingCreateParams params, RequestOptions options) {
		EmbeddingCreateParams sent = (params.encodingFormat() != null) ? params : params.withEncodingFormat("base64");
		return this.executor.execute(HttpMethod.POST, "/embeddings", sent, CreateEmbeddingResponse.class, options);
	}

}
