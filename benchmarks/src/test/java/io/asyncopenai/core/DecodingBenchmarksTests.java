package io.asyncopenai.core;

import org.junit.jupiter.api.Test;

import io.asyncopenai.benchmarks.Payloads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs each microbenchmark once and checks that both clients decode the same from the same
 * bytes, so that no benchmark measures less work than its peer, and none can rot.
 */
class DecodingBenchmarksTests {

	private final DecodingBenchmarks benchmarks = new DecodingBenchmarks();

	@Test
	void bothClientsDecodeEveryChunkOfTheChatStream() throws Exception {
		// The role chunk, the content chunks and the finish chunk: one choice each.
		assertThat(this.benchmarks.chatStreamAsyncOpenAI()).isEqualTo(Payloads.STREAM_CHUNKS + 2);
		assertThat(this.benchmarks.chatStreamOpenAIJava()).isEqualTo(this.benchmarks.chatStreamAsyncOpenAI());
	}

	@Test
	void bothClientsDecodeEveryTextDeltaOfTheResponseStream() throws Exception {
		long text = " token0".length() * 10L + " token10".length() * 90L + " token100".length() * 100L;
		assertThat(this.benchmarks.responseStreamAsyncOpenAI()).isEqualTo(text);
		assertThat(this.benchmarks.responseStreamOpenAIJava()).isEqualTo(text);
	}

	@Test
	void bothClientsDecodeTheChatCompletion() throws Exception {
		assertThat(this.benchmarks.chatCompletionAsyncOpenAI()).isEqualTo(83);
		assertThat(this.benchmarks.chatCompletionOpenAIJava()).isEqualTo(83);
	}

	@Test
	void bothClientsDecodeTheResponsesOutputText() throws Exception {
		long text = " token0".length() * 10L + " token10".length() * 90L + " token100".length() * 100L;
		assertThat(this.benchmarks.responseAsyncOpenAI()).isEqualTo(text);
		assertThat(this.benchmarks.responseOpenAIJava()).isEqualTo(text);
	}

	@Test
	void bothClientsDecodeTheSameBase64Embedding() throws Exception {
		assertThat(this.benchmarks.base64EmbeddingAsyncOpenAI()).isGreaterThan(1535)
			.isEqualTo(this.benchmarks.base64EmbeddingOpenAIJava());
	}

}
