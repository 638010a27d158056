package io.asyncopenai.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Routes a request to the endpoint that answers it, as the API does: a realistic endpoint,
 * else the operation of the API description, else the API's "Invalid URL" error.
 */
final class OpenAIEndpoints {

	private static final String MODELS = "/v1/models";

	private static final String RESPONSES = "/v1/responses";

	final ModelsEndpoint models = new ModelsEndpoint();

	final FileStore store;

	private final FilesEndpoint files;

	private final UploadsEndpoint uploads;

	private final BatchesEndpoint batches;

	private final VectorStoresEndpoint vectorStores;

	private final ChatCompletionsEndpoint chatCompletions = new ChatCompletionsEndpoint();

	private final ResponsesEndpoint responses;

	private final EmbeddingsEndpoint embeddings = new EmbeddingsEndpoint();

	private final AudioEndpoint audio = new AudioEndpoint();

	private final ImagesEndpoint images;

	private final @Nullable BackgroundResponses background;

	private final DescribedEndpoints described = new DescribedEndpoints();

	/**
	 * @param url makes an absolute URL on the server of a path
	 */
	OpenAIEndpoints(FileStore store, Duration batchStepDelay, @Nullable WebhookSender webhooks, Duration indexingDelay,
			UnaryOperator<String> url) {
		this.store = store;
		this.files = new FilesEndpoint(store);
		this.uploads = new UploadsEndpoint(store);
		this.batches = new BatchesEndpoint(store, this::batchLine, batchStepDelay, (batch) -> {
			if (webhooks != null) {
				webhooks.send("batch." + batch.path("status").asString(), batch.path("id").asString());
			}
		});
		this.vectorStores = new VectorStoresEndpoint(store, indexingDelay);
		this.responses = new ResponsesEndpoint(this.vectorStores::search);
		// Without a webhook, background responses finish when polled, as they always did.
		this.background = (webhooks != null)
				? new BackgroundResponses(this.responses::retrieve, webhooks::send, batchStepDelay) : null;
		this.images = new ImagesEndpoint(url);
	}

	Mono<Reply> handle(RecordedRequest request) {
		String method = request.method();
		String path = request.path();
		String normalized = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		String malformedForm = request.malformedForm();
		if (malformedForm != null) {
			return Mono.just(Requests.error(400, new OpenAIError("Could not parse multipart form: " + malformedForm + ".",
					"invalid_request_error", null, null)));
		}
		Mono<Reply> described = this.described.handle(request)
			.switchIfEmpty(Mono.fromSupplier(() -> Requests.invalidUrl(method, path)));
		if (isStateful(normalized) || isHeavy(method, normalized)) {
			// Stored files and spooled parts are read and written on disk, and audio and pictures take a while
			// to make: away from the event loops.
			return Mono.fromSupplier(() -> stateful(method, normalized, request))
				.subscribeOn(Schedulers.boundedElastic())
				.switchIfEmpty(described);
		}
		String resumed = method.equals("GET") ? idAfter(RESPONSES, normalized) : null;
		if (resumed != null && request.queryParameters().getOrDefault("stream", List.of()).contains("true")) {
			String startingAfter = request.queryParameters().getOrDefault("starting_after", List.of("-1")).get(0);
			try {
				return Mono.just(this.responses.resume(resumed, Long.parseLong(startingAfter)));
			}
			catch (NumberFormatException ex) {
				return Mono.just(Requests.error(400, new OpenAIError("Invalid 'starting_after': expected an integer, got '"
						+ startingAfter + "'.", "invalid_request_error", "starting_after", "invalid_type")));
			}
		}
		Reply reply = route(method, normalized, request.body());
		if (reply != null) {
			return Mono.just(reply);
		}
		return described;
	}

	private static boolean isStateful(String path) {
		return under(FilesEndpoint.FILES, path) || under(UploadsEndpoint.UPLOADS, path)
				|| under(BatchesEndpoint.BATCHES, path) || under(VectorStoresEndpoint.VECTOR_STORES, path);
	}

	private static boolean isHeavy(String method, String path) {
		return (method.equals("POST") && (path.startsWith("/v1/audio/") || path.startsWith("/v1/images/")))
				|| (method.equals("GET") && path.startsWith(ImagesEndpoint.PICTURES));
	}

	private static boolean under(String collection, String path) {
		return path.equals(collection) || path.startsWith(collection + "/");
	}

	private @Nullable Reply stateful(String method, String path, RecordedRequest request) {
		if (under(FilesEndpoint.FILES, path)) {
			return this.files.handle(method, path, request);
		}
		if (under(UploadsEndpoint.UPLOADS, path)) {
			return this.uploads.handle(method, path, request);
		}
		if (under(BatchesEndpoint.BATCHES, path)) {
			return this.batches.handle(method, path, request);
		}
		if (under(VectorStoresEndpoint.VECTOR_STORES, path)) {
			return this.vectorStores.handle(method, path, request);
		}
		return switch (path) {
			case AudioEndpoint.SPEECH -> this.audio.speech(request.body());
			case AudioEndpoint.TRANSCRIPTIONS, AudioEndpoint.TRANSLATIONS ->
				this.audio.transcribe(request, path.equals(AudioEndpoint.TRANSLATIONS));
			default -> this.images.handle(method, path, request);
		};
	}

	/** Answers one line of a batch as a direct request to its URL would be answered. */
	private Reply batchLine(String url, String body) {
		return switch (url) {
			case "/v1/chat/completions" -> this.chatCompletions.create(body);
			case RESPONSES -> this.responses.create(body);
			case "/v1/embeddings" -> this.embeddings.create(body);
			case ImagesEndpoint.GENERATIONS -> this.images.generate(body);
			default -> {
				Reply described = DescribedEndpoints.answer("POST", url, "", () -> false);
				yield (described != null) ? described : Requests.invalidUrl("POST", url);
			}
		};
	}

	/**
	 * Searches a vector store's indexed chunks as {@code POST /v1/vector_stores/{id}/search}
	 * does with a plain query: for the Responses API's {@code file_search} tool.
	 * @param vectorStoreId the store
	 * @param query the query
	 * @param max the most hits to return
	 * @return the best chunks first; empty if there is no such store or nothing matches
	 */
	List<VectorStoresEndpoint.SearchHit> search(String vectorStoreId, String query, int max) {
		return this.vectorStores.search(vectorStoreId, query, max);
	}

	void reset() {
		this.images.reset();
		this.vectorStores.reset();
		this.batches.reset();
		this.models.reset();
		this.uploads.reset();
		this.store.reset();
		this.responses.reset();
	}

	private Reply route(String method, String path, String body) {
		switch (method) {
			case "GET" -> {
				if (path.equals(MODELS)) {
					return this.models.list();
				}
				String modelId = idAfter(MODELS, path);
				if (modelId != null) {
					return this.models.retrieve(modelId);
				}
				String responseId = idAfter(RESPONSES, path);
				return (responseId != null) ? this.responses.retrieve(responseId) : null;
			}
			case "POST" -> {
				switch (path) {
					case "/v1/chat/completions" -> {
						return this.chatCompletions.create(body);
					}
					case RESPONSES -> {
						Reply created = this.responses.create(body);
						if (this.background != null) {
							this.background.created(created);
						}
						return created;
					}
					case "/v1/embeddings" -> {
						return this.embeddings.create(body);
					}
					default -> {
						String cancelled = path.endsWith("/cancel")
								? idAfter(RESPONSES, path.substring(0, path.length() - "/cancel".length())) : null;
						return (cancelled != null) ? this.responses.cancel(cancelled) : null;
					}
				}
			}
			case "DELETE" -> {
				String modelId = idAfter(MODELS, path);
				if (modelId != null) {
					return this.models.delete(modelId);
				}
				String responseId = idAfter(RESPONSES, path);
				return (responseId != null) ? this.responses.delete(responseId) : null;
			}
			default -> {
				return null;
			}
		}
	}

	/** Stops running batches. */
	void close() {
		if (this.background != null) {
			this.background.close();
		}
		this.batches.close();
		this.vectorStores.close();
	}

	/** The decoded id in {@code collection/{id}}, or {@code null} if the path is not such. */
	private static String idAfter(String collection, String path) {
		if (!path.startsWith(collection + "/")) {
			return null;
		}
		String id = path.substring(collection.length() + 1);
		return (id.isEmpty() || id.contains("/")) ? null : URLDecoder.decode(id, StandardCharsets.UTF_8);
	}

}
