package io.asyncopenai.benchmarks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring's WebClient over the same Reactor Netty pool, reading the body as bytes and decoding
 * it into the floor's small records: the cost of the WebClient layer alone, which the project's
 * design makes the client's transport. Non-streaming workloads only.
 */
final class WebClientJacksonClient implements BenchClient {

	private final ConnectionProvider provider;

	private final WebClient client;

	private final byte[] request;

	WebClientJacksonClient(String baseUrl, Workload workload, int concurrency) {
		if (workload != Workload.CHAT) {
			throw new IllegalArgumentException("webclient-jackson runs the CHAT workload only");
		}
		this.provider = ConnectionProvider.builder("webclient").maxConnections(concurrency).pendingAcquireMaxCount(-1)
			.build();
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.provider)))
			.baseUrl(baseUrl)
			.defaultHeader("authorization", "Bearer sk-bench")
			.build();
		this.request = Payloads.chatRequest(false);
	}

	@Override
	public Mono<Long> call() {
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
		throw new UnsupportedOperationException("webclient-jackson runs the CHAT workload only");
	}

	@Override
	public void close() {
		this.provider.disposeLater().block();
	}

}
