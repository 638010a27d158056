package io.asyncopenai.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import io.asyncopenai.test.MockOpenAIServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the sample's web tests share: a client of the running sample, and the mock OpenAI
 * server behind it, reset before each test.
 */
abstract class SampleWebTestSupport {

	private final Duration timeout;

	@LocalServerPort
	private int port;

	@Autowired
	MockOpenAIServer server;

	WebTestClient client;

	SampleWebTestSupport(Duration timeout) {
		this.timeout = timeout;
	}

	@BeforeEach
	void startFromAFreshMockAndClient() {
		this.server.reset();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(this.timeout)
			.build();
	}

	/** Posts a message to the sample's chat API. */
	WebTestClient.ResponseSpec chat(String message) {
		return this.client.post()
			.uri("/api/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", message))
			.exchange();
	}

}
