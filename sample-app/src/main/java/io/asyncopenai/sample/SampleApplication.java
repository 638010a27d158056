package io.asyncopenai.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: a chat, a streamed chat and embeddings over the auto-configured
 * {@link io.asyncopenai.AsyncOpenAI}, and a page at {@code /}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
