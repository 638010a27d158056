package io.asyncopenai;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MockOpenAIServerExtension.class)
class WiretapTests {

	@Test
	void wiretapLogsTrafficWithCredentialsRedacted(MockOpenAIServer server) {
		Logger logger = Logger.getLogger("io.asyncopenai.http.wiretap");
		List<String> messages = new ArrayList<>();
		Handler capture = new Handler() {

			@Override
			public void publish(LogRecord record) {
				synchronized (messages) {
					messages.add(record.getMessage());
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Level previous = logger.getLevel();
		logger.setLevel(Level.FINEST);
		logger.addHandler(capture);
		try (TestClient client = TestClient.of(server, (transport) -> transport.wiretap(true),
				(builder) -> builder.defaultHeader("api-key", "sk-azure-style-secret"))) {
			client.openai().models().retrieve("gpt-4o").block(TestClient.TIMEOUT);
		}
		finally {
			logger.removeHandler(capture);
			logger.setLevel(previous);
		}
		String log;
		synchronized (messages) {
			log = String.join("\n", messages);
		}
		assertThat(log).contains("GET /v1/models/gpt-4o HTTP/1.1")
			.containsIgnoringCase("authorization: [redacted]")
			.containsIgnoringCase("api-key: [redacted]")
			.contains("\"owned_by\":\"system\"")
			.doesNotContain(TestClient.API_KEY)
			.doesNotContain("sk-azure-style-secret");
	}

}
