package io.asyncopenai.services;

import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.embeddings.CreateEmbeddingResponse;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;

import org.springframework.http.HttpMethod;

/**
 * {@code /embeddings}: embed texts as vectors.
 * <p>The hand-written part of {@link EmbeddingService}: the generated class adds the resource's other
 * operations and sub-resources.
 */
public abstract class EmbeddingServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected EmbeddingServiceBase(ApiCaller caller) {
		this.caller = caller;
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
		EmbeddingCreateParams sent = (params.encodingFormat() != null) ? params : params.toBuilder().encodingFormat("base64").build();
		return this.caller.execute(HttpMethod.POST, ApiPath.literal("/embeddings"), sent, CreateEmbeddingResponse.class,
				options);
	}

}
