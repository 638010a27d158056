package io.asyncopenai.benchmarks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One client under test: makes one request of its workload and reports a number from the
 * answer, so that no work can be skipped.
 */
interface BenchClient extends AutoCloseable {

	Mono<Long> call();

	/**
	 * Opens one stream of a streaming workload.
	 * @return a figure per event; a stream the server keeps open never completes
	 */
	Flux<Long> stream();

	@Override
	void close();

	static BenchClient create(String name, String baseUrl, Workload workload, int concurrency) {
		if (workload == Workload.REALTIME && !name.equals("asyncopenai")) {
			throw new IllegalArgumentException("REALTIME runs on asyncopenai only: " + name
					+ " has no realtime (WebSocket) client");
		}
		return switch (name) {
			case "floor" -> new FloorClient(baseUrl, workload, concurrency, false);
			case "floor-jackson" -> new FloorClient(baseUrl, workload, concurrency, true);
			case "webclient-jackson" -> new WebClientJacksonClient(baseUrl, workload, concurrency);
			case "asyncopenai" -> new AsyncOpenAIClient(baseUrl, workload, concurrency);
			case "openai-java" -> new OpenAIJavaClient(baseUrl, workload, concurrency, false);
			case "openai-java-best" -> new OpenAIJavaClient(baseUrl, workload, concurrency, true);
			default -> throw new IllegalArgumentException("Unknown client " + name
					+ "; one of floor, floor-jackson, webclient-jackson, asyncopenai, openai-java, openai-java-best");
		};
	}

}
