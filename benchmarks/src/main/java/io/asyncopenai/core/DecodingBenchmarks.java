package io.asyncopenai.core;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectReader;
import com.openai.core.ObjectMappers;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.SseMessage;
import com.openai.core.http.StreamResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.benchmarks.Payloads;
import io.asyncopenai.models.chat.completions.ChatCompletion;
import io.asyncopenai.models.chat.completions.ChatCompletionChunk;
import io.asyncopenai.models.embeddings.CreateEmbeddingResponse;
import io.asyncopenai.models.responses.Response;
import io.asyncopenai.models.responses.ResponseStreamEvent;
import io.asyncopenai.models.responses.ResponseTextDeltaEvent;

/**
 * The client's hot paths without the network, each against the same work done by the
 * official Java SDK's own classes: decoding a recorded chat stream and a recorded responses
 * stream into typed events, deserializing a chat completion and a response, and decoding a
 * base64 embedding. Each method returns a figure of what it decoded, so that no work is
 * skipped and both sides can be checked to decode the same.
 *
 * <p>Lives in {@code io.asyncopenai.core} because the SSE decoder is internal to the client.
 * The stream benchmarks run the client's own SSE decoder and event decoding, as the client's
 * stream loop does. The official SDK's SSE handler is
 * internal to its Kotlin code; it is reached once by reflection and then called as the SDK
 * calls it, and each event is bound from the tree that handler parsed, as its {@code mapJson}
 * does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-XX:+UseSerialGC", "-Xms1g", "-Xmx1g" })
public class DecodingBenchmarks {

	private static final int MAX_LINE = 4 * 1024 * 1024;

	private static final MethodHandle SDK_JSON_NODE = sdkJsonNode();

	private final JsonMapper mapper = OpenAIJson.mapper();

	private final StreamEvents streamEvents = new StreamEvents(this.mapper, new ErrorMapper(this.mapper));

	private final com.fasterxml.jackson.databind.json.JsonMapper sdkMapper = ObjectMappers.jsonMapper();

	private final HttpResponse.Handler<StreamResponse<SseMessage>> sdkSseHandler = sdkSseHandler(this.sdkMapper);

	private final ObjectReader sdkChunkReader = this.sdkMapper
		.readerFor(com.openai.models.chat.completions.ChatCompletionChunk.class);

	private final ObjectReader sdkEventReader = this.sdkMapper
		.readerFor(com.openai.models.responses.ResponseStreamEvent.class);

	@Benchmark
	public long chatStreamAsyncOpenAI() {
		long choices = 0;
		for (ChatCompletionChunk chunk : events(Payloads.CHAT_STREAM, ChatCompletionChunk.class)) {
			choices += chunk.choices().size();
		}
		return choices;
	}

	@Benchmark
	public long chatStreamOpenAIJava() throws Exception {
		long choices = 0;
		for (com.fasterxml.jackson.databind.JsonNode json : sdkEvents(Payloads.CHAT_STREAM)) {
			com.openai.models.chat.completions.ChatCompletionChunk chunk = this.sdkChunkReader.readValue(json);
			choices += chunk.choices().size();
		}
		return choices;
	}

	@Benchmark
	public long responseStreamAsyncOpenAI() {
		long text = 0;
		for (ResponseStreamEvent event : events(Payloads.RESPONSE_STREAM, ResponseStreamEvent.class)) {
			if (event instanceof ResponseTextDeltaEvent delta) {
				text += delta.delta().length();
			}
		}
		return text;
	}

	@Benchmark
	public long responseStreamOpenAIJava() throws Exception {
		long text = 0;
		for (com.fasterxml.jackson.databind.JsonNode json : sdkEvents(Payloads.RESPONSE_STREAM)) {
			com.openai.models.responses.ResponseStreamEvent event = this.sdkEventReader.readValue(json);
			text += event.outputTextDelta().map((delta) -> delta.delta().length()).orElse(0);
		}
		return text;
	}

	@Benchmark
	public long chatCompletionAsyncOpenAI() {
		return this.mapper.readValue(Payloads.CHAT_COMPLETION, ChatCompletion.class).usage().totalTokens();
	}

	@Benchmark
	public long chatCompletionOpenAIJava() throws Exception {
		return this.sdkMapper.readValue(Payloads.CHAT_COMPLETION, com.openai.models.chat.completions.ChatCompletion.class)
			.usage()
			.orElseThrow()
			.totalTokens();
	}

	@Benchmark
	public long responseAsyncOpenAI() {
		return this.mapper.readValue(Payloads.RESPONSE, Response.class).outputText().length();
	}

	@Benchmark
	public long responseOpenAIJava() throws Exception {
		// The SDK has no outputText(): its users walk the output items as here.
		long length = 0;
		for (var item : this.sdkMapper.readValue(Payloads.RESPONSE, com.openai.models.responses.Response.class).output()) {
			for (var content : item.message().map((message) -> message.content()).orElse(List.of())) {
				length += content.outputText().map((text) -> text.text().length()).orElse(0);
			}
		}
		return length;
	}

	@Benchmark
	public double base64EmbeddingAsyncOpenAI() {
		float[] vector = this.mapper.readValue(Payloads.EMBEDDING_BASE64, CreateEmbeddingResponse.class)
			.data()
			.get(0)
			.embedding();
		return vector.length + vector[vector.length - 1];
	}

	@Benchmark
	public double base64EmbeddingOpenAIJava() throws Exception {
		List<Float> vector = this.sdkMapper
			.readValue(Payloads.EMBEDDING_BASE64, com.openai.models.embeddings.CreateEmbeddingResponse.class)
			.data()
			.get(0)
			.embedding();
		return vector.size() + vector.get(vector.size() - 1);
	}

	private <T> List<T> events(byte[] body, Class<T> type) {
		List<T> decoded = new java.util.ArrayList<>();
		boolean[] done = { false };
		new SseDecoder(MAX_LINE).feed(body, 0, body.length, (event, data, offset, length, id) -> {
			if (done[0] || StreamEvents.isDone(data, offset, length)) {
				done[0] = true;
				return;
			}
			decoded.add(this.streamEvents.decode(data, offset, length, type));
		});
		return decoded;
	}

	private Iterable<com.fasterxml.jackson.databind.JsonNode> sdkEvents(byte[] body) throws Exception {
		List<com.fasterxml.jackson.databind.JsonNode> json = new java.util.ArrayList<>();
		try (StreamResponse<SseMessage> messages = this.sdkSseHandler.handle(new RecordedResponse(body))) {
			Iterator<SseMessage> iterator = messages.stream().iterator();
			while (iterator.hasNext()) {
				json.add(sdkJsonNode(iterator.next()));
			}
		}
		return json;
	}

	private static com.fasterxml.jackson.databind.JsonNode sdkJsonNode(SseMessage message) {
		try {
			return (com.fasterxml.jackson.databind.JsonNode) SDK_JSON_NODE.invokeExact(message);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The tree the SDK's handler parsed and cached in each message, which its mapJson binds. */
	private static MethodHandle sdkJsonNode() {
		try {
			return MethodHandles.publicLookup()
				.findStatic(SseMessage.class, "access$getJsonNode",
						MethodType.methodType(com.fasterxml.jackson.databind.JsonNode.class, SseMessage.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The official SDK's SSE message is not as this benchmark expects it", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static HttpResponse.Handler<StreamResponse<SseMessage>> sdkSseHandler(
			com.fasterxml.jackson.databind.json.JsonMapper mapper) {
		try {
			Method factory = Class.forName("com.openai.core.handlers.SseHandler")
				.getMethod("sseHandler", com.fasterxml.jackson.databind.json.JsonMapper.class);
			return (HttpResponse.Handler<StreamResponse<SseMessage>>) factory.invoke(null, mapper);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The official SDK's SSE handler is not where this benchmark expects it", ex);
		}
	}

	/** A recorded body handed to the official SDK as its HTTP layer would. */
	private record RecordedResponse(byte[] bytes) implements HttpResponse {

		@Override
		public int statusCode() {
			return 200;
		}

		@Override
		public Headers headers() {
			return Headers.builder().put("content-type", "text/event-stream").build();
		}

		@Override
		public InputStream body() {
			return new ByteArrayInputStream(this.bytes);
		}

		@Override
		public void close() {
		}

	}

}
