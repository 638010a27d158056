package io.asyncopenai.services;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.RequestOptions;
import io.asyncopenai.http.ApiPath;
import io.asyncopenai.http.RequestExecutor;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.models.models.ModelDeleted;
import io.asyncopenai.models.models.ModelList;

import org.springframework.http.HttpMethod;

/**
 * {@code /models}: list, retrieve and delete models.
 */
public final class ModelService {

	private final RequestExecutor executor;

	public ModelService(RequestExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Lists the models available to the API key.
	 * @return the models
	 */
	public Flux<Model> list() {
		return list(RequestOptions.none());
	}

	public Flux<Model> list(RequestOptions options) {
		return this.executor.execute(HttpMethod.GET, "/models", null, ModelList.class, options)
			.flatMapIterable(ModelList::data);
	}

	/**
	 * Retrieves one model.
	 * @param id the model id
	 * @return the model
	 */
	public Mono<Model> retrieve(String id) {
		return retrieve(id, RequestOptions.none());
	}

	public Mono<Model> retrieve(String id, RequestOptions options) {
		return this.executor.execute(HttpMethod.GET, ApiPath.of("/models/{model}", id), null, Model.class,
				options);
	}

	/**
	 * Deletes a fine-tuned model.
	 * @param id the model id
	 * @return the confirmation
	 */
	public Mono<ModelDeleted> delete(String id) {
		return delete(id, RequestOptions.none());
	}

	public Mono<ModelDeleted> delete(String id, RequestOptions options) {
		return this.executor.execute(HttpMethod.DELETE, ApiPath.of("/models/{model}", id), null,
				ModelDeleted.class, options);
	}

}
