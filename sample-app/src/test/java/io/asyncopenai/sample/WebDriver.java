package io.asyncopenai.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of the W3C WebDriver protocol to drive Debian's headless Chromium through
 * {@code chromedriver}: open a page, type, click, read text.
 */
final class WebDriver implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final Process driver;

	private final Path profile;

	private final String session;

	private final String base;

	WebDriver() throws IOException, InterruptedException {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		this.base = "http://127.0.0.1:" + port;
		this.profile = Files.createTempDirectory("chromium-profile");
		this.driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		awaitReady();
		JsonNode created = call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch",
				Map.of("browserName", "chrome", "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args",
						List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
								"--disable-quic", "--no-first-run", "--disable-background-networking",
								"--disable-component-update", "--disable-sync", "--user-data-dir=" + this.profile))))));
		this.session = created.at("/value/sessionId").asString();
	}

	static boolean isAvailable() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	void open(String url) throws IOException, InterruptedException {
		call("POST", "/session/" + this.session + "/url", Map.of("url", url));
	}

	void type(String cssSelector, String text) throws IOException, InterruptedException {
		call("POST", "/session/" + this.session + "/element/" + find(cssSelector) + "/value", Map.of("text", text));
	}

	void click(String cssSelector) throws IOException, InterruptedException {
		call("POST", "/session/" + this.session + "/element/" + find(cssSelector) + "/click", Map.of());
	}

	String text(String cssSelector) throws IOException, InterruptedException {
		return call("GET", "/session/" + this.session + "/element/" + find(cssSelector) + "/text", null).at("/value")
			.asString();
	}

	/** Waits until an element's text satisfies a condition; returns the last text read. */
	String awaitText(String cssSelector, Predicate<String> condition, Duration timeout)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String text = text(cssSelector);
		while (!condition.test(text) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			text = text(cssSelector);
		}
		return text;
	}

	private String find(String cssSelector) throws IOException, InterruptedException {
		return call("POST", "/session/" + this.session + "/element",
				Map.of("using", "css selector", "value", cssSelector))
			.at("/value/" + ELEMENT)
			.asString();
	}

	private void awaitReady() throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (call("GET", "/status", null).at("/value/ready").asBoolean(false)) {
					return;
				}
			}
			catch (IOException notYet) {
				// chromedriver is still starting.
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		throw new IllegalStateException("chromedriver did not become ready within " + TIMEOUT);
	}

	private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(TIMEOUT);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode json = JSON.readTree(response.body());
		if (response.statusCode() >= 400) {
			throw new IllegalStateException("WebDriver " + method + " " + path + " failed: " + response.body());
		}
		return json;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		try {
			if (this.session != null) {
				call("DELETE", "/session/" + this.session, null);
			}
		}
		finally {
			this.driver.destroy();
			if (!this.driver.waitFor(10, TimeUnit.SECONDS)) {
				this.driver.destroyForcibly();
			}
			try (var files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

}
