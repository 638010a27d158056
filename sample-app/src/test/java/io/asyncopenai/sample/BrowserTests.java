package io.asyncopenai.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import io.asyncopenai.test.Fault;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.MockOpenAIServerInitializer;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in headless Chromium: at {@code /}, a message typed and sent, the answer streamed
 * into the page token by token; at {@code /batch.html}, prompts run as a batch, its progress
 * and its answers shown as they come; at {@code /tools.html}, a question whose three tool calls
 * run at once, shown with the answer; at {@code /realtime.html}, a line answered by a Realtime
 * session in text mode through the app's WebSocket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "openai.http.trust-env=false", "sample.batch-poll-interval=200ms",
				"sample.tool-delay=300ms" })
@ContextConfiguration(initializers = MockOpenAIServerInitializer.class)
class BrowserTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MockOpenAIServer server;

	@Test
	void pageStreamsTheAnswerOfATypedMessage() throws Exception {
		Assumptions.assumeTrue(WebDriver.isAvailable(), "Browser test skipped: Debian's chromium and chromium-driver "
				+ "are not installed (.ci/run installs them: apt-get install chromium chromium-driver)");
		this.server.enqueue("/v1/responses", Fault.delayBetweenEvents(Duration.ofMillis(50)));
		try (WebDriver browser = new WebDriver()) {
			browser.open("http://127.0.0.1:" + this.port + "/");
			browser.type("#message", "Hello from the browser");
			browser.click("#send");
			String status = browser.awaitText("#status", "done"::equals, Duration.ofSeconds(20));
			assertThat(status).isEqualTo("done");
			assertThat(browser.text("#answer")).isEqualTo("Echo: Hello from the browser");
		}
		assertThat(this.server.lastRequest().path()).isEqualTo("/v1/responses");
		assertThat(this.server.lastRequest().body()).contains("\"stream\":true");
	}

	@Test
	void batchPageShowsTheBatchMovingOnAndItsAnswers() throws Exception {
		Assumptions.assumeTrue(WebDriver.isAvailable(), "Browser test skipped: Debian's chromium and chromium-driver "
				+ "are not installed (.ci/run installs them: apt-get install chromium chromium-driver)");
		List<String> seen = new CopyOnWriteArrayList<>();
		try (WebDriver browser = new WebDriver()) {
			browser.open("http://127.0.0.1:" + this.port + "/batch.html");
			browser.click("#submit");
			String status = browser.awaitText("#status", (text) -> {
				seen.add(text);
				return text.endsWith("answers read");
			}, Duration.ofSeconds(30));
			assertThat(status).isEqualTo("completed: 3 of 3 done; 3 answers read");
			assertThat(seen).anyMatch((text) -> text.startsWith("validating") || text.startsWith("in_progress"));
			assertThat(browser.text("#results")).contains("Echo: What is a batch?", "Echo: Name three colours.",
					"Echo: Say hello in French.");
		}
		assertThat(this.server.requests()).extracting(RecordedRequest::path).contains("/v1/files", "/v1/batches");
	}

	@Test
	void realtimePageTalksToTheRealtimeApiThroughTheApp() throws Exception {
		Assumptions.assumeTrue(WebDriver.isAvailable(), "Browser test skipped: Debian's chromium and chromium-driver "
				+ "are not installed (.ci/run installs them: apt-get install chromium chromium-driver)");
		this.server.reset();
		this.server.enqueue("/v1/realtime", Fault.delayBetweenEvents(Duration.ofMillis(20)));
		try (WebDriver browser = new WebDriver()) {
			browser.open("http://127.0.0.1:" + this.port + "/realtime.html");
			browser.awaitText("#status", (text) -> text.startsWith("connected to "), Duration.ofSeconds(20));
			browser.type("#message", "Hello over WebSocket");
			browser.click("#send");
			assertThat(browser.awaitText("#status", "done"::equals, Duration.ofSeconds(20))).isEqualTo("done");
			assertThat(browser.text("#answer")).isEqualTo("Echo: Hello over WebSocket");
			assertThat(browser.text("#transcript")).isEqualTo("you: Hello over WebSocket\nmodel: Echo: Hello over WebSocket");
		}
		assertThat(this.server.awaitWebSockets(1, Duration.ofSeconds(10)).get(0).request().path())
			.isEqualTo("/v1/realtime");
	}

	@Test
	void toolsPageShowsTheThreeCallsAndTheAnswer() throws Exception {
		Assumptions.assumeTrue(WebDriver.isAvailable(), "Browser test skipped: Debian's chromium and chromium-driver "
				+ "are not installed (.ci/run installs them: apt-get install chromium chromium-driver)");
		this.server.reset();
		try (WebDriver browser = new WebDriver()) {
			browser.open("http://127.0.0.1:" + this.port + "/tools.html");
			assertThat(browser.text("#question")).isEqualTo(ToolsController.DEFAULT_QUESTION);
			browser.click("#ask");
			String status = browser.awaitText("#status", (text) -> text.contains("ms in all"), Duration.ofSeconds(30));
			assertThat(status).startsWith("3 calls in 2 turns, answered in ").endsWith("they ran at the same time");
			String calls = browser.text("#calls");
			assertThat(calls.lines()).hasSize(3);
			assertThat(calls.lines().map((row) -> row.split("\\s", 2)[0])).containsExactly("get_weather", "get_local_time",
					"get_events");
			assertThat(calls).contains("{\"city\":\"Lisbon\"}", "\"time_zone\":\"Europe/Lisbon\"");
			assertThat(browser.text("#answer")).startsWith("get_weather(Lisbon): {")
				.contains("; get_local_time(Lisbon): {", "; get_events(Lisbon): {");
		}
		assertThat(this.server.requests()).extracting(RecordedRequest::path)
			.containsExactly("/v1/responses", "/v1/responses");
	}

}
