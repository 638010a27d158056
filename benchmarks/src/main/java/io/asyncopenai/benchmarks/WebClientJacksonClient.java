package io.asyncopenai.benchmarks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring's WebClient over the same Reactor Netty pool, reading the body as bytes and decoding
 * it into the floor's small records, a stream's events split as {@code floor-jackson} splits
 * them: the cost of the WebClient layer alone, which the project's design makes the client's
 * transport. CHAT and the two stream workloads.
 */
final class WebClientJacksonClient implements BenchClient {

	private final ConnectionProvider provider;

	private final WebClient client;

	private final byte[] request;

	private final boolean streaming;

	WebClientJacksonClient(String baseUrl, Workload workload, int concurrency) {
		if (workload != Workload.CHAT && workload != Workload.STREAM_TOKEN && workload != Workload.STREAM_LARGE) {
			throw new IllegalArgumentException("webclient-jackson runs the CHAT and STREAM workloads only");
		}
		this.provider = ConnectionProvider.builder("webclient").maxConnections(concurrency).pendingAcquireMaxCount(-1)
			.build();
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.provider)))
			.baseUrl(baseUrl)
			.defaultHeader("authorization", "Bearer sk-bench")
			.defaultHeader("x-bench-stream", workload.streamShape())
			.build();
		this.request = Payloads.chatRequest(workload.streaming());
		this.streaming = workload.streaming();
	}

	@Override
	public Mono<Long> call() {
		if (this.streaming) {
			return stream().reduce(0L, Long::sum);
		}
		return this.client.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(this.request)
			.retrieve()
			.bodyToMono(byte[].class)
			.map((bytes) -> (long) FloorClient.CHAT_READER.<FloorClient.ChatLite>readValue(bytes).usage().totalTokens());
	}

	@Override
	public Flux<Long> stream() {
		return Flux.defer(() -> {
			SseSplitter<FloorClient.ChunkLite> splitter = FloorClient.chunkSplitter();
			return this.client.post()
				.uri("/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(this.request)
				.exchangeToFlux((response) -> response.bodyToFlux(DataBuffer.class).map((buffer) -> {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					DataBufferUtils.release(buffer);
					return bytes;
				}).concatMapIterable(splitter::feed))
				.map((chunk) -> (long) chunk.choices().size());
		});
	}

	@Override
	public void close() {
		this.provider.disposeLater().block();
	}

}
