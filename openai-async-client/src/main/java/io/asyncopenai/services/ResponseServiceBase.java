package io.asyncopenai.services;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;

import io.asyncopenai.core.ApiCaller;
import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseCreatedEvent;
import io.asyncopenai.models.responses.ResponseRetrieveParams;
import io.asyncopenai.models.responses.ResponseStreamEvent;

/**
 * {@code /responses}: the hand-written part of {@link ResponseService}, which adds the
 * resource's operations.
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
	 * Creates a model response, streamed.
	 * @param params the request
	 * @return the events
	 */
	public abstract Flux<ResponseStreamEvent> createStreaming(ResponseCreateParams params);

	/**
	 * Streams a stored response again.
	 * @param responseId the response
	 * @param params where to start, with {@code startingAfter}
	 * @return the events
	 */
	public abstract Flux<ResponseStreamEvent> retrieveStreaming(String responseId, ResponseRetrieveParams params);

	/**
	 * Creates a response that runs in the background ({@code background: true}) and streams its
	 * events; when the connection drops, asks for the stream again from the event after the last
	 * one received ({@code starting_after}), so that no event is lost or repeated. The response
	 * goes on on the API's side meanwhile. Resumes as often as the client's {@code maxRetries};
	 * each resume's own request is retried like any stream before its first event.
	 * @param params the request; {@code background} is set to {@code true}
	 * @return every event of the response, once each
	 */
	public Flux<ResponseStreamEvent> streamInBackground(ResponseCreateParams params) {
		ResponseCreateParams background = params.toBuilder().background(true).build();
		return Flux.defer(() -> {
			Resume resume = new Resume(this.caller.options().maxRetries());
			return resume.follow(createStreaming(background));
		});
	}

	/**
	 * What one background stream has received so far, to resume it from there.
	 */
	private final class Resume {

		private final AtomicReference<String> responseId = new AtomicReference<>();

		private final AtomicLong lastSequenceNumber = new AtomicLong(-1);

		private final AtomicInteger resumesLeft;

		Resume(int maxResumes) {
			this.resumesLeft = new AtomicInteger(maxResumes);
		}

		Flux<ResponseStreamEvent> follow(Flux<ResponseStreamEvent> events) {
			return events
				// A stream that is resumed repeats nothing it has sent.
				.filter((event) -> event.sequenceNumber() == null || event.sequenceNumber() > this.lastSequenceNumber.get())
				.doOnNext(this::received)
				.onErrorResume(APIConnectionException.class, (failure) -> {
					String id = this.responseId.get();
					if (id == null || this.resumesLeft.getAndDecrement() <= 0) {
						return Flux.error(failure);
					}
					ResponseRetrieveParams from = ResponseRetrieveParams.builder()
						.startingAfter(this.lastSequenceNumber.get())
						.build();
					return follow(retrieveStreaming(id, from));
				});
		}

		private void received(ResponseStreamEvent event) {
			if (event instanceof ResponseCreatedEvent created) {
				this.responseId.set(created.response().id());
			}
			if (event.sequenceNumber() != null) {
				this.lastSequenceNumber.set(event.sequenceNumber());
			}
		}

	}

}
