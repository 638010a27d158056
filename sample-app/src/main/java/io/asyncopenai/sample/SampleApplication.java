package io.asyncopenai.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: a chat, a streamed chat, embeddings, batches, documents and tools
 * over the auto-configured {@link io.asyncopenai.AsyncOpenAI}, a Realtime session per browser over
 * WebSocket, and pages at {@code /}, {@code /batch.html}, {@code /tools.html} and
 * {@code /realtime.html}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
