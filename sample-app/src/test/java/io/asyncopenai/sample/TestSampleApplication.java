package io.asyncopenai.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerInitializer;

/**
 * Runs the sample at development time: against {@link MockOpenAIServer} when no
 * {@code OPENAI_API_KEY} is set, so that it works without an account, else against the real
 * API. Started by {@code ./mvnw -pl sample-app -am test-compile spring-boot:test-run}.
 */
public final class TestSampleApplication {

	private static final Log logger = LogFactory.getLog(TestSampleApplication.class);

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		String apiKey = System.getenv("OPENAI_API_KEY");
		if (apiKey == null || apiKey.isBlank()) {
			application.addInitializers(new MockOpenAIServerInitializer());
			application.addListeners((ApplicationListener<ApplicationReadyEvent>) (event) -> {
				MockOpenAIServer server = event.getApplicationContext().getBean(MockOpenAIServer.class);
				logger.info("No OPENAI_API_KEY is set: the sample runs against MockOpenAIServer at " + server.baseUrl()
						+ " (answers echo your message). To use the real API, set OPENAI_API_KEY and run "
						+ "./mvnw -pl sample-app -am compile spring-boot:run");
			});
		}
		else {
			logger.info("OPENAI_API_KEY is set: the sample talks to the real OpenAI API.");
		}
		application.run(args);
	}

}
