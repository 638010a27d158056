package io.asyncopenai.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor: raw Reactor Netty with its own pool of C connections, the same request bytes,
 * the whole body read ({@code floor}); with {@code jackson}, also the least a typed client must
 * do: decode into small records, splitting a stream's lines by hand ({@code floor-jackson}).
 */
final class FloorClient implements BenchClient {

	/**
	 * The mapper of the floor's small records, shared by every hand-decoding client; buffers
	 * recycled per thread, as the client under test does, so that the floor is not raised by
	 * Jackson 3's default shared pool.
	 */
	static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	/** Readers that have found their deserializers, as a client keeps them. */
	static final ObjectReader CHAT_READER = MAPPER.readerFor(ChatLite.class);

	private static final ObjectReader CHUNK_READER = MAPPER.readerFor(ChunkLite.class);

	private static final ObjectReader EMBEDDINGS_READER = MAPPER.readerFor(EmbeddingsLite.class);

	private static final ObjectReader FILE_READER = MAPPER.readerFor(FileLite.class);

	private static final String BOUNDARY = "floor-7MA4YWxkTrZu0gW";

	/** An upload's body around the file, written once. */
	private static final byte[] MULTIPART_HEAD = Payloads.multipartHead(BOUNDARY);

	private static final byte[] MULTIPART_TAIL = Payloads.multipartTail(BOUNDARY);

	private final ConnectionProvider provider;

	private final HttpClient client;

	private final Workload workload;

	private final boolean jackson;

	private final byte[] request;

	private final String path;

	FloorClient(String baseUrl, Workload workload, int concurrency, boolean jackson) {
		this.provider = ConnectionProvider.builder("floor").maxConnections(concurrency).pendingAcquireMaxCount(-1).build();
		this.workload = workload;
		this.jackson = jackson;
		String contentType = (workload == Workload.UPLOAD) ? "multipart/form-data; boundary=" + BOUNDARY
				: "application/json";
		this.client = HttpClient.create(this.provider).baseUrl(baseUrl).headers((headers) -> {
			headers.set("content-type", contentType)
				.set("authorization", "Bearer sk-bench")
				.set("x-bench-stream", workload.streamShape());
			if (workload == Workload.UPLOAD) {
				headers.set("content-length", MULTIPART_HEAD.length + Payloads.FILE.length + MULTIPART_TAIL.length);
			}
		});
		boolean embedding = workload == Workload.EMBED_FLOAT || workload == Workload.EMBED_BASE64;
		this.path = switch (workload) {
			case UPLOAD -> "/files";
			case DOWNLOAD -> "/files/" + Payloads.FILE_ID + "/content";
			default -> embedding ? "/embeddings" : "/chat/completions";
		};
		this.request = embedding ? Payloads.embeddingRequest(workload == Workload.EMBED_BASE64)
				: Payloads.chatRequest(workload.streaming());
	}

	@Override
	public Mono<Long> call() {
		if (this.workload.streaming()) {
			return stream().reduce(0L, Long::sum);
		}
		if (this.workload == Workload.DOWNLOAD) {
			// Each buffer counted as it arrives; Reactor Netty releases it after this: nothing to decode, with or without Jackson.
			return this.client.get()
				.uri(this.path)
				.responseContent()
				.reduce(0L, (bytes, buffer) -> bytes + buffer.readableBytes());
		}
		Mono<byte[]> body = exchange().responseSingle((response, content) -> content.asByteArray());
		if (!this.jackson) {
			return body.map((bytes) -> (long) bytes.length);
		}
		return switch (this.workload) {
			case CHAT -> body.map((bytes) -> (long) CHAT_READER.<ChatLite>readValue(bytes).usage().totalTokens());
			case UPLOAD -> body.map((bytes) -> FILE_READER.<FileLite>readValue(bytes).bytes());
			default -> body.map((bytes) -> (long) embedding(EMBEDDINGS_READER.readValue(bytes)).length);
		};
	}

	@Override
	public Flux<Long> stream() {
		if (!this.jackson) {
			return exchange().response((response, body) -> body.map((buffer) -> (long) buffer.readableBytes()));
		}
		return Flux.defer(() -> {
			SseSplitter<ChunkLite> splitter = chunkSplitter();
			return exchange().response((response, body) -> body.asByteArray())
				.concatMapIterable(splitter::feed)
				.map((chunk) -> (long) chunk.choices().size());
		});
	}

	/** A splitter of one stream's chat completion chunks into the floor's records. */
	static SseSplitter<ChunkLite> chunkSplitter() {
		return new SseSplitter<>((bytes, offset, length) -> CHUNK_READER.readValue(bytes, offset, length));
	}

	private HttpClient.ResponseReceiver<?> exchange() {
		if (this.workload == Workload.UPLOAD) {
			// An upload's head, file and tail copied once into one direct buffer: the one copy a
			// byte[] costs anyway, as the socket is written from direct memory (a heap buffer is
			// copied to one there). A composite over the three arrays would cost two: Netty
			// merges a composite of heap buffers into a new array before that copy. One buffer
			// as a Mono also goes out with the headers in one flush.
			return this.client.post()
				.uri(this.path)
				.send((request, outbound) -> outbound.send(Mono.fromSupplier(() -> outbound.alloc()
					.directBuffer(MULTIPART_HEAD.length + Payloads.FILE.length + MULTIPART_TAIL.length)
					.writeBytes(MULTIPART_HEAD)
					.writeBytes(Payloads.FILE)
					.writeBytes(MULTIPART_TAIL))));
		}
		return this.client.post().uri(this.path).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(this.request)));
	}

	private static float[] embedding(EmbeddingsLite response) {
		Object value = response.data().get(0).embedding();
		if (value instanceof String base64) {
			ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
			float[] vector = new float[bytes.remaining() / 4];
			bytes.asFloatBuffer().get(vector);
			return vector;
		}
		List<?> numbers = (List<?>) value;
		float[] vector = new float[numbers.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = ((Number) numbers.get(i)).floatValue();
		}
		return vector;
	}

	@Override
	public void close() {
		this.provider.disposeLater().block();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChatLite(String id, List<ChoiceLite> choices, UsageLite usage) {

	}

	record ChoiceLite(int index, MessageLite message, String finishReason) {

	}

	record MessageLite(String role, String content) {

	}

	record UsageLite(int promptTokens, int completionTokens, int totalTokens) {

	}

	record ChunkLite(String id, List<ChunkChoiceLite> choices) {

	}

	record ChunkChoiceLite(int index, DeltaLite delta, String finishReason) {

	}

	record DeltaLite(String content) {

	}

	record EmbeddingsLite(List<EmbeddingLite> data) {

	}

	record EmbeddingLite(int index, Object embedding) {

	}

	record FileLite(String id, long bytes, String filename, String purpose, String status) {

	}

}
