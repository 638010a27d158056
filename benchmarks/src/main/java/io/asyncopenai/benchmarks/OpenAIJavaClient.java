package io.asyncopenai.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.MultipartField;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The official Java SDK's async client, typed calls: with its defaults (OkHttp's dispatcher
 * caps in-flight calls at 64, five idle connections), or at its best (dispatcher and pool
 * raised to C).
 */
final class OpenAIJavaClient implements BenchClient {

	private final OpenAIClientAsync client;

	private final Workload workload;

	private final ChatCompletionCreateParams chat;

	private final EmbeddingCreateParams embedding;

	OpenAIJavaClient(String baseUrl, Workload workload, int concurrency, boolean best) {
		this.workload = workload;
		OpenAIOkHttpClientAsync.Builder builder = OpenAIOkHttpClientAsync.builder()
			.baseUrl(baseUrl)
			.apiKey("sk-bench")
			.maxRetries(0)
			.putHeader("x-bench-stream", workload.streamShape());
		if (best) {
			Dispatcher dispatcher = new Dispatcher();
			dispatcher.setMaxRequests(concurrency);
			dispatcher.setMaxRequestsPerHost(concurrency);
			builder.okHttpClient(new OkHttpClient.Builder().dispatcher(dispatcher)
				.connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
				.build());
		}
		this.client = builder.build();
		this.chat = ChatCompletionCreateParams.builder().model(Payloads.MODEL).addUserMessage(Payloads.PROMPT).build();
		this.embedding = EmbeddingCreateParams.builder()
			.model("text-embedding-3-small")
			.input(Payloads.PROMPT)
			.encodingFormat((workload == Workload.EMBED_BASE64) ? EmbeddingCreateParams.EncodingFormat.BASE64
					: EmbeddingCreateParams.EncodingFormat.FLOAT)
			.build();
	}

	@Override
	public Mono<Long> call() {
		return switch (this.workload) {
			case CHAT -> Mono.fromFuture(() -> this.client.chat().completions().create(this.chat))
				.map((completion) -> completion.usage().map((usage) -> usage.totalTokens()).orElse(0L));
			case STREAM_LARGE, STREAM_TOKEN, IDLE_STREAMS -> Mono.fromFuture(() -> {
				AtomicLong choices = new AtomicLong();
				CompletableFuture<Void> done = this.client.chat()
					.completions()
					.createStreaming(this.chat)
					.subscribe((chunk) -> choices.addAndGet(chunk.choices().size()))
					.onCompleteFuture();
				return done.thenApply((ignored) -> choices.get());
			});
			case EMBED_FLOAT, EMBED_BASE64 -> Mono.fromFuture(() -> this.client.embeddings().create(this.embedding))
				.map((response) -> (long) response.data().get(0).embedding().size());
			case UPLOAD -> Mono.fromFuture(() -> this.client.files().create(upload()))
				.map((file) -> file.bytes());
			// Read on the thread that completes the future, OkHttp's, as the SDK hands the stream over.
			case DOWNLOAD -> Mono.fromFuture(() -> this.client.files().content(Payloads.FILE_ID))
				.map(OpenAIJavaClient::count);
			// Refused by BenchClient.create already: the SDK has no realtime client.
			case REALTIME -> Mono.error(new UnsupportedOperationException("openai-java has no realtime client"));
		};
	}

	/**
	 * An upload of the bytes in memory, under the same file name and content type as the
	 * other clients send. The SDK reads an {@link InputStream} once, so each call has its own
	 * (over the same bytes, not copied here); {@code file(byte[])} would do the same but send
	 * no file name.
	 */
	private static FileCreateParams upload() {
		return FileCreateParams.builder()
			.file(MultipartField.<InputStream>builder()
				.value(new ByteArrayInputStream(Payloads.FILE))
				.filename(Payloads.FILE_NAME)
				.contentType("application/jsonl")
				.build())
			.purpose(FilePurpose.BATCH)
			.build();
	}

	/** Reads a body to its end, a buffer at a time, and closes it. */
	private static long count(HttpResponse response) {
		try (response; InputStream body = response.body()) {
			byte[] buffer = new byte[64 * 1024];
			long bytes = 0;
			for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
				bytes += read;
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public Flux<Long> stream() {
		return Flux.create((sink) -> {
			AsyncStreamResponse<ChatCompletionChunk> stream = this.client.chat().completions().createStreaming(this.chat);
			stream.subscribe((chunk) -> sink.next((long) chunk.choices().size()));
			stream.onCompleteFuture().whenComplete((ignored, failure) -> {
				if (failure != null) {
					sink.error(failure);
				}
				else {
					sink.complete();
				}
			});
			sink.onDispose(stream::close);
		});
	}

	@Override
	public void close() {
		this.client.close();
	}

}
