package io.asyncopenai.services;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.core.ApiPath;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseDeleted;
import io.asyncopenai.models.responses.ResponseStreamEvent;

import org.springframework.http.HttpMethod;

/**
 * {@code /responses}: create a model response, stream it, retrieve, delete or cancel it.
 * <p>The hand-written part of {@link ResponseService}: the generated class adds the resource's other
 * operations and sub-resources.
 */
public abstract class ResponseServiceBase {

	private final ApiCaller caller;

	/**
	 * A service that sends its calls through the client's pipeline.
	 * @param caller the pipeline
	 */
	protected ResponseServiceBase(ApiCaller caller) {
		this.caller = caller;
	}

	/**
	 * Creates a response and waits for it whole.
	 * @param params the request
	 * @return the response
	 */
	public Mono<Response> create(ResponseCreateParams params) {
		return create(params, RequestOptions.none());
	}

	public Mono<Response> create(ResponseCreateParams params, RequestOptions options) {
		return this.caller.execute(HttpMethod.POST, ApiPath.literal("/responses"), params, Response.class, options);
	}

	/**
	 * Creates a response and streams its events as they are generated.
	 * @param params the request
	 * @return the events, from {@code response.created} to {@code response.completed}
	 */
	public Flux<ResponseStreamEvent> createStreaming(ResponseCreateParams params) {
		return createStreaming(params, RequestOptions.none());
	}

	public Flux<ResponseStreamEvent> createStreaming(ResponseCreateParams params, RequestOptions options) {
		return this.caller.stream(HttpMethod.POST, ApiPath.literal("/responses"), params, JsonNode.class, options)
			.map((json) -> ResponseStreamEvent.of(json, this.caller.mapper()));
	}

	/**
	 * Retrieves a stored response.
	 * @param id the response id
	 * @return the response
	 */
	public Mono<Response> retrieve(String id) {
		return retrieve(id, RequestOptions.none());
	}

	public Mono<Response> retrieve(String id, RequestOptions options) {
		return this.caller.execute(HttpMethod.GET, ApiPath.of("/responses/{response_id}", id), null,
				Response.class, options);
	}

	/**
	 * Deletes a stored response.
	 * @param id the response id
	 * @return the confirmation
	 */
	public Mono<ResponseDeleted> delete(String id) {
		return delete(id, RequestOptions.none());
	}

	public Mono<ResponseDeleted> delete(String id, RequestOptions options) {
		return this.caller.execute(HttpMethod.DELETE, ApiPath.of("/responses/{response_id}", id), null,
				ResponseDeleted.class, options);
	}

	/**
	 * Cancels a response created with {@code background: true}.
	 * @param id the response id
	 * @return the cancelled response
	 */
	public Mono<Response> cancel(String id) {
		return cancel(id, RequestOptions.none());
	}

	public Mono<Response> cancel(String id, RequestOptions options) {
		return this.caller.execute(HttpMethod.POST, ApiPath.of("/responses/{response_id}/cancel", id), null,
				Response.class, options);
	}

}
