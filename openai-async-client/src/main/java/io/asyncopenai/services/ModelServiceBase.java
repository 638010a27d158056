package io.asyncopenai.services;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.models.Model;
import io.asyncopenai.models.models.ModelDeleted;
import io.asyncopenai.models.models.ModelList;

import org.springframework.http.HttpMethod;

/**
 * {@code /models}: list, retrieve and delete models.
 * <p>The hand-written part of {@link ModelService}: the generated class adds the resource's other
 * operations and sub-resources.
 */
public abstract class ModelServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected ModelServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Lists the models available to the API key.
	 * @return the models
	 */
	public Flux<Model> list() {
		return list(RequestOptions.none());
	}

	public Flux<Model> list(RequestOptions options) {
		return this.caller.execute(HttpMethod.GET, ApiPath.literal("/models"), null, ModelList.class, options)
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
		return this.caller.execute(HttpMethod.GET, ApiPath.of("/models/{model}", id), null, Model.class,
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
		return this.caller.execute(HttpMethod.DELETE, ApiPath.of("/models/{model}", id), null,
				ModelDeleted.class, options);
	}

}
