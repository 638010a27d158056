package io.asyncopenai.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts the API's webhook events to one URL, signed as Standard Webhooks sign them, the way
 * OpenAI delivers them: {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}.
 */
final class WebhookSender {

	private static final String SECRET_PREFIX = "whsec_";

	private final String url;

	private final byte[] key;

	private final HttpClient client;

	WebhookSender(String url, String secret, LoopResources loops) {
		this.url = url;
		this.key = key(secret);
		// A connection per event, on the server's own threads, so that closing the server ends everything.
		this.client = HttpClient.create(ConnectionProvider.newConnection())
			.runOn(loops)
			.responseTimeout(Duration.ofSeconds(10));
	}

	/** The HMAC key of a {@code whsec_} secret: its base64-decoded part. */
	static byte[] key(String secret) {
		String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
		try {
			return Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("A webhook secret is 'whsec_' followed by base64", ex);
		}
	}

	/**
	 * Sends an event about an object, without waiting: a failed delivery is not retried.
	 * @param type the event type, for example {@code batch.completed}
	 * @param objectId the id of the object the event is about
	 */
	void send(String type, String objectId) {
		String id = Requests.newId("evt_", 32);
		long timestamp = Requests.nowSeconds();
		ObjectNode event = Json.object();
		event.put("id", id);
		event.put("object", "event");
		event.put("created_at", timestamp);
		event.put("type", type);
		event.putObject("data").put("id", objectId);
		String body = Json.write(event);
		this.client
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.set("webhook-id", id)
				.set("webhook-timestamp", Long.toString(timestamp))
				.set("webhook-signature", "v1," + sign(this.key, id, timestamp, body)))
			.post()
			.uri(this.url)
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString().then(Mono.just(response.status().code())))
			.onErrorResume((ex) -> Mono.empty())
			.subscribe();
	}

	static String sign(byte[] key, String id, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
