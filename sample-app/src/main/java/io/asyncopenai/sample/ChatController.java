package io.asyncopenai.sample;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;
import io.asyncopenai.models.responses.ResponseUsage;

/**
 * The sample's API: a chat, the same chat streamed as Server-Sent Events, and embeddings.
 */
@RestController
@RequestMapping("/api")
@EnableConfigurationProperties(SampleProperties.class)
class ChatController {

	private final AsyncOpenAI openAI;

	private final SampleProperties properties;

	ChatController(AsyncOpenAI openAI, SampleProperties properties) {
		this.openAI = openAI;
		this.properties = properties;
	}

	@PostMapping("/chat")
	Mono<ChatReply> chat(@RequestBody ChatRequest request) {
		ResponseCreateParams params = ResponseCreateParams.builder()
			.model(this.properties.chatModel())
			.input(required(request.message()))
			.build();
		return this.openAI.responses().create(params).map(ChatReply::of);
	}

	/**
	 * Streams the answer as {@code delta} events and a final {@code done} event. A failure
	 * before the first event becomes a problem detail; one after it, once the response has
	 * started, an {@code error} event.
	 */
	@GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<StreamData>> stream(@RequestParam String message) {
		ResponseCreateParams params = ResponseCreateParams.builder()
			.model(this.properties.chatModel())
			.input(required(message))
			.build();
		return Flux.defer(() -> {
			AtomicBoolean started = new AtomicBoolean();
			return this.openAI.responses()
				.createStreaming(params)
				.doOnNext((event) -> started.set(true))
				.ofType(ResponseTextDeltaEvent.class)
				.map((delta) -> ServerSentEvent.builder(new StreamData(delta.delta())).event("delta").build())
				.concatWithValues(ServerSentEvent.builder(new StreamData("")).event("done").build())
				.onErrorResume((error) -> started.get() ? Flux.just(ServerSentEvent
					.builder(new StreamData("The answer was cut off: the OpenAI API stream failed."))
					.event("error")
					.build()) : Flux.error(error));
		});
	}

	@PostMapping("/embeddings")
	Mono<EmbeddingsReply> embeddings(@RequestBody EmbeddingsRequest request) {
		if (request.texts() == null || request.texts().isEmpty()) {
			throw new ServerWebInputException("texts must hold at least one text");
		}
		EmbeddingCreateParams params = EmbeddingCreateParams.builder()
			.model(this.properties.embeddingModel())
			.input(request.texts())
			.build();
		return this.openAI.embeddings()
			.create(params)
			.map((response) -> new EmbeddingsReply(response.model(),
					response.data().isEmpty() ? 0 : response.data().get(0).embedding().length,
					response.data().stream().map((embedding) -> embedding.embedding()).toList()));
	}

	private static String required(@Nullable String message) {
		if (message == null || message.isBlank()) {
			throw new ServerWebInputException("message must not be blank");
		}
		return message;
	}

	record ChatRequest(@Nullable String message) {

	}

	/**
	 * The data of a stream event, as JSON: a bare {@code data:} line would lose the leading
	 * space of a token, which Server-Sent Events parsing strips.
	 *
	 * @param text the text of the event
	 */
	record StreamData(String text) {

	}

	record ChatReply(String text, @Nullable Usage usage) {

		static ChatReply of(Response response) {
			ResponseUsage usage = response.usage();
			return new ChatReply(response.outputText(), (usage != null)
					? new Usage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens()) : null);
		}

	}

	record Usage(long inputTokens, long outputTokens, long totalTokens) {

	}

	record EmbeddingsRequest(@Nullable List<String> texts) {

	}

	record EmbeddingsReply(@Nullable String model, int dimensions, List<float[]> vectors) {

	}

}
