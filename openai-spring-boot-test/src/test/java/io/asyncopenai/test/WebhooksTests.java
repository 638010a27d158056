package io.asyncopenai.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhooksTests {

	private static final byte[] KEY = "a webhook key of thirty-two byte".getBytes(StandardCharsets.US_ASCII);

	private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

	private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

	private HttpServer receiver;

	private MockOpenAIServer server;

	@BeforeEach
	void start() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/hooks", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.deliveries.add(new Delivery(Map.of("webhook-id", exchange.getRequestHeaders().getFirst("webhook-id"),
					"webhook-timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
					"webhook-signature", exchange.getRequestHeaders().getFirst("webhook-signature"), "content-type",
					exchange.getRequestHeaders().getFirst("content-type")), body));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.start();
		this.server = MockOpenAIServer.builder()
			.batchStepDelay(Duration.ofMillis(20))
			.webhook("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hooks", SECRET)
			.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.receiver.stop(0);
	}

	@Test
	void aCompletedBatchIsAnnouncedWithASignedEvent() throws Exception {
		String input = this.server.addFile("input.jsonl", "batch",
				BatchesEndpointTests.lines(BatchesEndpointTests.chatLine("a", "Hi")));
		String id = BatchesEndpointTests.create(this.server, input, "/v1/chat/completions", "").get("id").asString();
		Delivery delivery = next();
		JsonNode event = Http.json(delivery.body());
		assertThat(event.get("type").asString()).isEqualTo("batch.completed");
		assertThat(event.at("/data/id").asString()).isEqualTo(id);
		assertThat(event.get("object").asString()).isEqualTo("event");
		assertThat(OpenAPISchemas.validate("WebhookBatchCompleted", event)).isEmpty();
		assertThat(delivery.headers().get("content-type")).isEqualTo("application/json");
		String webhookId = delivery.headers().get("webhook-id");
		assertThat(webhookId).isEqualTo(event.get("id").asString()).startsWith("evt_");
		long timestamp = Long.parseLong(delivery.headers().get("webhook-timestamp"));
		assertThat(timestamp).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
		assertThat(delivery.headers().get("webhook-signature"))
			.isEqualTo("v1," + hmac(webhookId + "." + timestamp + "." + delivery.body()));
		assertThat(BatchesEndpointTests.await(this.server, id, (batch) -> true).get("status").asString())
			.isEqualTo("completed");
	}

	@Test
	void failedAndCancelledBatchesAreAnnouncedToo() throws Exception {
		String bad = this.server.addFile("bad.jsonl", "batch", BatchesEndpointTests.lines("not json"));
		String failed = BatchesEndpointTests.create(this.server, bad, "/v1/chat/completions", "").get("id").asString();
		JsonNode failedEvent = Http.json(next().body());
		assertThat(failedEvent.get("type").asString()).isEqualTo("batch.failed");
		assertThat(failedEvent.at("/data/id").asString()).isEqualTo(failed);
		assertThat(OpenAPISchemas.validate("WebhookBatchFailed", failedEvent)).isEmpty();
		String[] lines = new String[20_000];
		for (int i = 0; i < lines.length; i++) {
			lines[i] = BatchesEndpointTests.chatLine("c" + i, "Hi");
		}
		String input = this.server.addFile("input.jsonl", "batch", BatchesEndpointTests.lines(lines));
		String cancelled = BatchesEndpointTests.create(this.server, input, "/v1/chat/completions", "")
			.get("id")
			.asString();
		Http.post(this.server, "/v1/batches/" + cancelled + "/cancel", "");
		JsonNode cancelledEvent = Http.json(next().body());
		assertThat(cancelledEvent.at("/data/id").asString()).isEqualTo(cancelled);
		assertThat(cancelledEvent.get("type").asString()).isEqualTo("batch.cancelled");
		assertThat(OpenAPISchemas.validate("WebhookBatchCancelled", cancelledEvent)).isEmpty();
	}

	@Test
	void aBackgroundResponseCompletesWithoutPollingAndIsAnnounced() throws Exception {
		String id = Http.json(Http.post(this.server, "/v1/responses",
				"{\"model\": \"gpt-4o\", \"input\": \"Hello\", \"background\": true}")).get("id").asString();
		Delivery delivery = next();
		JsonNode event = Http.json(delivery.body());
		assertThat(event.get("type").asString()).isEqualTo("response.completed");
		assertThat(event.at("/data/id").asString()).isEqualTo(id);
		assertThat(OpenAPISchemas.validate("WebhookResponseCompleted", event)).isEmpty();
		String webhookId = delivery.headers().get("webhook-id");
		assertThat(delivery.headers().get("webhook-signature")).isEqualTo("v1," + hmac(webhookId + "."
				+ delivery.headers().get("webhook-timestamp") + "." + delivery.body()));
		assertThat(this.server.requests()).hasSize(1);
		assertThat(Http.json(Http.get(this.server, "/v1/responses/" + id)).get("status").asString())
			.isEqualTo("completed");
		Http.post(this.server, "/v1/responses", "{\"model\": \"gpt-4o\", \"input\": \"Hello\"}");
		assertThat(this.deliveries.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void aCancelledBackgroundResponseIsAnnouncedAsCancelled() throws Exception {
		try (MockOpenAIServer slow = MockOpenAIServer.builder()
			.batchStepDelay(Duration.ofMillis(500))
			.webhook("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hooks", SECRET)
			.start()) {
			String id = Http.json(Http.post(slow, "/v1/responses",
					"{\"model\": \"gpt-4o\", \"input\": \"Hello\", \"background\": true}")).get("id").asString();
			assertThat(Http.post(slow, "/v1/responses/" + id + "/cancel", "").statusCode()).isEqualTo(200);
			JsonNode event = Http.json(next().body());
			assertThat(event.get("type").asString()).isEqualTo("response.cancelled");
			assertThat(event.at("/data/id").asString()).isEqualTo(id);
			assertThat(OpenAPISchemas.validate("WebhookResponseCancelled", event)).isEmpty();
		}
	}

	@Test
	void aSecretThatIsNotBase64IsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MockOpenAIServer.builder().webhook("http://127.0.0.1:1/", "whsec_not base64!"));
	}

	private Delivery next() throws InterruptedException {
		Delivery delivery = this.deliveries.poll(10, TimeUnit.SECONDS);
		assertThat(delivery).as("a webhook delivery within 10 seconds").isNotNull();
		return delivery;
	}

	private static String hmac(String content) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
	}

	private record Delivery(Map<String, String> headers, String body) {

	}

}
