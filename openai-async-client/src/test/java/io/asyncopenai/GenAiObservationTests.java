package io.asyncopenai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.errors.BadRequestException;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.embeddings.CreateEmbeddingResponse;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseCompletedEvent;
import io.asyncopenai.models.responses.ResponseCreateParams;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.observation.GenAiObservationContext;
import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * GenAI calls observed after OpenTelemetry's GenAI semantic conventions: one
 * {@code gen_ai.client.operation.duration} observation per call, tagged with the operation,
 * provider, models, server and client, with the answer's usage, the request id and, for a
 * stream, the time to its first chunk; other calls go unobserved.
 */
@ExtendWith(MockOpenAIServerExtension.class)
class GenAiObservationTests {

	private static final ChatCompletionCreateParams CHAT = ChatCompletionCreateParams.builder()
		.model("gpt-4o-mini")
		.addUserMessage("Say hello")
		.build();

	@Test
	void aChatCompletionIsObservedWithItsModelsUsageAndRequestId(MockOpenAIServer server) {
		Recorder recorder = new Recorder();
		ChatCompletion completion;
		try (TestClient client = client(server, recorder.registry)) {
			completion = client.openai().chat().completions().create(CHAT).block(TestClient.TIMEOUT);
		}
		GenAiObservationContext context = recorder.single();
		assertThat(context.getName()).isEqualTo("gen_ai.client.operation.duration");
		assertThat(context.getContextualName()).isEqualTo("chat gpt-4o-mini");
		assertThat(tags(context)).contains("gen_ai.operation.name=chat", "gen_ai.provider.name=openai",
				"gen_ai.request.model=gpt-4o-mini", "gen_ai.response.model=" + completion.model(),
				"server.address=127.0.0.1", "server.port=" + server.port(), "openai.client.name=openai",
				"error.type=none");
		assertThat(context.getInputTokens()).isEqualTo(completion.usage().promptTokens()).isPositive();
		assertThat(context.getOutputTokens()).isEqualTo(completion.usage().completionTokens()).isPositive();
		assertThat(context.getRequestId()).isEqualTo(server.lastRequest().requestId());
		assertThat(context.getHighCardinalityKeyValue("openai.request.id").getValue())
			.isEqualTo(server.lastRequest().requestId());
		assertThat(context.getTimeToFirstChunk()).isNull();
	}

	@Test
	void aStreamIsObservedWithItsTimeToFirstChunkAndTheUsageOfItsLastChunk(MockOpenAIServer server) {
		Recorder recorder = new Recorder();
		List<ChatCompletionChunk> chunks;
		try (TestClient client = client(server, recorder.registry, (builder) -> builder.streamIncludeUsage(true))) {
			chunks = client.openai().chat().completions().createStreaming(CHAT).collectList().block(TestClient.TIMEOUT);
		}
		GenAiObservationContext context = recorder.single();
		assertThat(context.isStreaming()).isTrue();
		assertThat(context.getTimeToFirstChunk()).isNotNull().isPositive();
		ChatCompletionChunk last = chunks.get(chunks.size() - 1);
		assertThat(context.getOutputTokens()).isEqualTo(last.usage().completionTokens()).isPositive();
		assertThat(context.getInputTokens()).isEqualTo(last.usage().promptTokens());
	}

	@Test
	void aResponsesStreamTakesItsUsageFromTheCompletedResponse(MockOpenAIServer server) {
		Recorder recorder = new Recorder();
		ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4.1").input("Say hello").build();
		Response completed;
		try (TestClient client = client(server, recorder.registry)) {
			List<ResponseStreamEvent> events = client.openai().responses().createStreaming(params).collectList()
				.block(TestClient.TIMEOUT);
			completed = ((ResponseCompletedEvent) events.get(events.size() - 1)).response();
		}
		GenAiObservationContext context = recorder.single();
		assertThat(context.getRequestModel()).isEqualTo("gpt-4.1");
		assertThat(context.getInputTokens()).isEqualTo(completed.usage().inputTokens()).isPositive();
		assertThat(context.getOutputTokens()).isEqualTo(completed.usage().outputTokens()).isPositive();
	}

	@Test
	void embeddingsAreAnOperationOfTheirOwnAndOtherCallsAreNotObserved(MockOpenAIServer server) {
		Recorder recorder = new Recorder();
		CreateEmbeddingResponse embeddings;
		try (TestClient client = client(server, recorder.registry)) {
			embeddings = client.openai()
				.embeddings()
				.create(EmbeddingCreateParams.builder().model("text-embedding-3-small").input(List.of("apple")).build())
				.block(TestClient.TIMEOUT);
			client.openai().models().list().collectList().block(TestClient.TIMEOUT);
		}
		GenAiObservationContext context = recorder.single();
		assertThat(tags(context)).contains("gen_ai.operation.name=embeddings");
		assertThat(context.getInputTokens()).isEqualTo(embeddings.usage().promptTokens());
	}

	@Test
	void aFailedCallIsObservedWithItsErrorTypeAfterItsRetries(MockOpenAIServer server) {
		Recorder recorder = new Recorder();
		server.enqueue(Fault.error(500), Fault.error(400));
		try (TestClient client = client(server, recorder.registry)) {
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> client.openai().chat().completions().create(CHAT).block(TestClient.TIMEOUT));
		}
		GenAiObservationContext context = recorder.single();
		assertThat(tags(context)).contains("error.type=BadRequestException", "gen_ai.response.model=none");
		assertThat(context.getRequestId()).isEqualTo(server.lastRequest().requestId());
		assertThat(server.requestCount()).isEqualTo(2);
	}

	@Test
	void theObservationOfTheCallerIsItsParent(MockOpenAIServer server) {
		Recorder recorder = new Recorder();
		Observation outer = Observation.start("batch.job", recorder.registry);
		try (TestClient client = client(server, recorder.registry)) {
			client.openai().chat().completions().create(CHAT)
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, outer))
				.block(TestClient.TIMEOUT);
		}
		outer.stop();
		assertThat(recorder.single().getParentObservation()).isSameAs(outer);
	}

	private static TestClient client(MockOpenAIServer server, ObservationRegistry registry) {
		return client(server, registry, (builder) -> builder);
	}

	private static TestClient client(MockOpenAIServer server, ObservationRegistry registry,
			java.util.function.UnaryOperator<AsyncOpenAI.Builder> more) {
		return TestClient.of(server, (transport) -> transport.name("openai"),
				(builder) -> more.apply(builder.observationRegistry(registry)));
	}

	private static List<String> tags(GenAiObservationContext context) {
		return context.getLowCardinalityKeyValues().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).toList();
	}

	/** Records the GenAI observations that stopped. */
	private static final class Recorder implements ObservationHandler<GenAiObservationContext> {

		final ObservationRegistry registry = ObservationRegistry.create();

		final List<GenAiObservationContext> stopped = new CopyOnWriteArrayList<>();

		Recorder() {
			this.registry.observationConfig().observationHandler(this);
			this.registry.observationConfig().observationHandler(new ObservationHandler<>() {
				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}
			});
		}

		@Override
		public void onStop(GenAiObservationContext context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof GenAiObservationContext;
		}

		GenAiObservationContext single() {
			assertThat(this.stopped).hasSize(1);
			return this.stopped.get(0);
		}

	}


}
