package io.asyncopenai.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.models.batches.Batch;
import io.asyncopenai.models.batches.BatchCreateParams;
import io.asyncopenai.models.batches.BatchRequestCounts;
import io.asyncopenai.models.batches.BatchRequestInput;
import io.asyncopenai.models.batches.BatchRequestOutput;
import io.asyncopenai.models.files.FileCreateParams;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCreateParams;

/**
 * The sample's batch API: prompts written as a JSON Lines file, uploaded, run as a batch of
 * the Responses API, followed live, and their answers read back from the output file.
 */
@RestController
@RequestMapping("/api/batches")
class BatchController {

	/** The most prompts one batch of the sample takes (the API takes 50,000). */
	static final int MAX_PROMPTS = 1000;

	private static final Set<String> FINAL = Set.of(Batch.Status.COMPLETED, Batch.Status.FAILED, Batch.Status.EXPIRED,
			Batch.Status.CANCELLED);

	private final AsyncOpenAI openAI;

	private final SampleProperties properties;

	BatchController(AsyncOpenAI openAI, SampleProperties properties) {
		this.openAI = openAI;
		this.properties = properties;
	}

	/** Uploads the prompts as a batch input file and creates the batch. */
	@PostMapping
	Mono<BatchView> submit(@RequestBody BatchRequest request) {
		List<String> prompts = prompts(request);
		List<BatchRequestInput> lines = new ArrayList<>();
		for (int i = 0; i < prompts.size(); i++) {
			lines.add(BatchRequestInput.post("prompt-" + i, "/v1/responses",
					ResponseCreateParams.builder().model(this.properties.chatModel()).input(prompts.get(i)).build()));
		}
		FileCreateParams upload = FileCreateParams.builder()
			.file(BatchRequestInput.jsonl("prompts.jsonl", lines))
			.purpose(FileCreateParams.Purpose.BATCH)
			.build();
		return this.openAI.files()
			.create(upload)
			.flatMap((file) -> this.openAI.batches()
				.create(BatchCreateParams.builder()
					.inputFileId(file.id())
					.endpoint(BatchCreateParams.Endpoint.V1_RESPONSES)
					.completionWindow("24h")
					.build()))
			.map(BatchView::of);
	}

	/**
	 * Follows a batch as Server-Sent Events: a {@code progress} event each time its state or
	 * counts change, then, once it is final, a {@code result} event per answer and {@code done}.
	 */
	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> events(@PathVariable String id) {
		Duration interval = this.properties.batchPollInterval();
		Flux<Batch> states = this.openAI.batches()
			.retrieve(id)
			.expand((batch) -> FINAL.contains(batch.status()) ? Mono.empty()
					: Mono.delay(interval).then(this.openAI.batches().retrieve(id)))
			.distinctUntilChanged(BatchView::of);
		return states.concatMap((batch) -> {
			Flux<ServerSentEvent<Object>> progress = Flux.just(event("progress", BatchView.of(batch)));
			if (!FINAL.contains(batch.status())) {
				return progress;
			}
			return progress.concatWith(results(batch)).concatWithValues(event("done", BatchView.of(batch)));
		});
	}

	private Flux<ServerSentEvent<Object>> results(Batch batch) {
		Flux<BatchRequestOutput> output = (batch.outputFileId() != null) ? lines(batch.outputFileId()) : Flux.empty();
		Flux<BatchRequestOutput> errors = (batch.errorFileId() != null) ? lines(batch.errorFileId()) : Flux.empty();
		return output.concatWith(errors).map((line) -> event("result", ResultView.of(line)));
	}

	private Flux<BatchRequestOutput> lines(String fileId) {
		return this.openAI.files().content(fileId).flatMapMany((content) -> content.lines(BatchRequestOutput.class));
	}

	private static ServerSentEvent<Object> event(String name, Object data) {
		return ServerSentEvent.builder(data).event(name).build();
	}

	private static List<String> prompts(BatchRequest request) {
		List<String> prompts = (request.prompts() != null)
				? request.prompts().stream().filter((prompt) -> prompt != null && !prompt.isBlank()).toList() : List.of();
		if (prompts.isEmpty()) {
			throw new ServerWebInputException("prompts must hold at least one prompt");
		}
		if (prompts.size() > MAX_PROMPTS) {
			throw new ServerWebInputException("prompts holds " + prompts.size() + " prompts; the sample takes at most "
					+ MAX_PROMPTS);
		}
		return prompts;
	}

	record BatchRequest(@Nullable List<String> prompts) {

	}

	/**
	 * A batch as the page shows it.
	 */
	record BatchView(String id, String status, long total, long completed, long failed) {

		static BatchView of(Batch batch) {
			BatchRequestCounts counts = batch.requestCounts();
			return new BatchView(batch.id(), batch.status(), (counts != null) ? counts.total() : 0,
					(counts != null) ? counts.completed() : 0, (counts != null) ? counts.failed() : 0);
		}

	}

	/**
	 * One answer of a batch: its prompt's id, and the answer's text or why there is none.
	 */
	record ResultView(String customId, boolean succeeded, String text) {

		static ResultView of(BatchRequestOutput line) {
			if (line.succeeded()) {
				Response response = line.response().body(Response.class);
				return new ResultView(line.customId(), true, (response != null) ? response.outputText() : "");
			}
			String why = (line.error() != null) ? line.error().message()
					: "status " + line.response().statusCode() + ": " + line.response().body();
			return new ResultView(line.customId(), false, String.valueOf(why));
		}

	}

}
