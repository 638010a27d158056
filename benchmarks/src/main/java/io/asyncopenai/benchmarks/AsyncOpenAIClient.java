package io.asyncopenai.benchmarks;

import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.core.RequestOptions;
import io.asyncopenai.core.UploadFile;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.models.chat.completions.ChatCompletionCreateParams;
import io.asyncopenai.models.embeddings.EmbeddingCreateParams;
import io.asyncopenai.models.files.FileCreateParams;
import io.asyncopenai.services.realtime.RealtimeConnection;

import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * This project's client, typed calls, with a pool of C connections; Realtime WebSocket
 * connections open outside the pool, with the transport's default WebSocket settings.
 */
final class AsyncOpenAIClient implements BenchClient {

	/** The model a Realtime connection asks for. */
	static final String REALTIME_MODEL = "gpt-realtime";

	private final OpenAIHttpClient transport;

	private final AsyncOpenAI client;

	private final Workload workload;

	private final ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder()
		.model(Payloads.MODEL)
		.addUserMessage(Payloads.PROMPT)
		.build();

	private final EmbeddingCreateParams embedding;

	/** Bytes can be sent again, so one upload serves every call, as a retried call would. */
	private final FileCreateParams upload = FileCreateParams.builder()
		.file(UploadFile.of(Payloads.FILE, Payloads.FILE_NAME))
		.purpose(FileCreateParams.Purpose.BATCH)
		.build();

	private final RequestOptions options;

	AsyncOpenAIClient(String baseUrl, Workload workload, int concurrency) {
		this.workload = workload;
		this.transport = OpenAIHttpClient.builder()
			.maxConnections(concurrency)
			.maxKeepAliveConnections(concurrency)
			.compression(false)
			.trustEnv(false)
			.build();
		this.client = AsyncOpenAI.builder()
			.environment(Map.of())
			.apiKey("sk-bench")
			.baseUrl(baseUrl)
			.maxRetries(0)
			.httpClient(this.transport)
			.build();
		this.embedding = EmbeddingCreateParams.builder()
			.model("text-embedding-3-small")
			.input(Payloads.PROMPT)
			.encodingFormat((workload == Workload.EMBED_BASE64) ? "base64" : "float")
			.build();
		this.options = RequestOptions.builder().header("x-bench-stream", workload.streamShape()).build();
	}

	@Override
	public Mono<Long> call() {
		return switch (this.workload) {
			case CHAT -> this.client.chat()
				.completions()
				.create(this.chat, this.options)
				.map((completion) -> completion.usage().totalTokens());
			case STREAM_LARGE, STREAM_TOKEN, IDLE_STREAMS -> stream().reduce(0L, Long::sum);
			case EMBED_FLOAT, EMBED_BASE64 -> this.client.embeddings()
				.create(this.embedding, this.options)
				.map((response) -> (long) response.data().get(0).embedding().length);
			case UPLOAD -> this.client.files().create(this.upload, this.options).map((file) -> file.bytes());
			// The body as it arrives, each buffer counted and released: nothing is kept whole.
			case DOWNLOAD -> this.client.files()
				.content(Payloads.FILE_ID, this.options)
				.flatMap((content) -> content.body().reduce(0L, (bytes, buffer) -> {
					long sum = bytes + buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return sum;
				}));
			case REALTIME -> Mono.error(new UnsupportedOperationException(
					"REALTIME holds connections open: open them with connectRealtime()"));
		};
	}

	/**
	 * Opens one Realtime connection, on the transport's event loop.
	 * @return the connection, once its handshake is answered
	 */
	Mono<RealtimeConnection> connectRealtime() {
		return this.client.realtime().connect(REALTIME_MODEL);
	}

	/** The WebSocket connections of this client's transport that are open now. */
	int openWebSockets() {
		return this.transport.webSockets().openConnections();
	}

	@Override
	public Flux<Long> stream() {
		return this.client.chat()
			.completions()
			.createStreaming(this.chat, this.options)
			.map((chunk) -> (long) chunk.choices().size());
	}

	@Override
	public void close() {
		this.client.close();
		this.transport.close();
	}

}
