package io.asyncopenai;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.asyncopenai.core.OpenAIJson;
import io.asyncopenai.errors.InvalidWebhookSignatureException;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.models.webhooks.UnknownUnwrapWebhookEvent;
import io.asyncopenai.models.webhooks.UnwrapWebhookEvent;
import io.asyncopenai.models.webhooks.WebhookBatchCompleted;
import io.asyncopenai.services.WebhookService;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Webhook requests signed as OpenAI signs them (Standard Webhooks: HMAC-SHA256 of
 * {@code id.timestamp.body} with the {@code whsec_} secret's key) verify and unwrap into typed
 * events; anything else fails with a message that holds neither the secret nor the body.
 */
class WebhooksTests {

	private static final String KEY = Base64.getEncoder().encodeToString("a 32 byte key for the webhooks!!".getBytes(StandardCharsets.UTF_8));

	private static final String SECRET = "whsec_" + KEY;

	private static final String BODY = "{\"id\":\"evt_685343a1381c819085d44c354e1b330e\",\"object\":\"event\","
			+ "\"created_at\":1750287018,\"type\":\"batch.completed\",\"data\":{\"id\":\"batch_abc123\"}}";

	private final WebhookService webhooks = new WebhookService(SECRET, OpenAIJson.mapper());

	@Test
	void aSignedEventIsUnwrappedIntoItsType() {
		UnwrapWebhookEvent event = this.webhooks.unwrap(BODY, signed(SECRET, "msg_1", BODY));
		assertThat(event).isInstanceOfSatisfying(WebhookBatchCompleted.class, (completed) -> {
			assertThat(completed.data().id()).isEqualTo("batch_abc123");
			assertThat(completed.createdAt()).isEqualTo(1750287018L);
		});
		assertThat(event.type()).isEqualTo("batch.completed");
	}

	@Test
	void anEventOfATypeAddedLaterArrivesWithItsJson() {
		String body = "{\"id\":\"evt_1\",\"object\":\"event\",\"created_at\":1,\"type\":\"hologram.beamed\",\"data\":{}}";
		UnwrapWebhookEvent event = this.webhooks.unwrap(body, signed(SECRET, "msg_2", body));
		assertThat(event).isInstanceOf(UnknownUnwrapWebhookEvent.class);
		assertThat(event.type()).isEqualTo("hologram.beamed");
	}

	@Test
	void oneMatchingSignatureAmongSeveralIsEnoughAndHeaderNamesMayBeInAnyCase() {
		String timestamp = now();
		String signatures = "v1,bm90IHRoZSBzaWduYXR1cmU= " + sign(SECRET, "msg_3", timestamp, BODY) + " v2,ignored";
		this.webhooks.verifySignature(BODY, Map.of("Webhook-Id", "msg_3", "WEBHOOK-TIMESTAMP", timestamp,
				"webhook-signature", signatures));
		HttpHeaders headers = new HttpHeaders();
		headers.add("Webhook-Id", "msg_3");
		headers.add("Webhook-Timestamp", timestamp);
		headers.add("Webhook-Signature", signatures);
		assertThat(this.webhooks.unwrap(BODY, headers)).isInstanceOf(WebhookBatchCompleted.class);
	}

	@Test
	void aSignatureMadeWithAnotherSecretFailsWithoutShowingEitherSecretOrTheBody() {
		String other = "whsec_" + Base64.getEncoder().encodeToString("another key, not the one we hold".getBytes());
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.verifySignature(BODY, signed(other, "msg_4", BODY)))
			.withMessage("No webhook signature matches the secret")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(KEY).doesNotContain("batch_abc123"));
	}

	@Test
	void aBodyOrIdChangedAfterSigningFails() {
		String timestamp = now();
		String signature = sign(SECRET, "msg_5", timestamp, BODY);
		this.webhooks.verifySignature(BODY, headers("msg_5", timestamp, signature));
		assertThatExceptionOfType(InvalidWebhookSignatureException.class).isThrownBy(() -> this.webhooks
			.verifySignature(BODY.replace("batch_abc123", "batch_evil"), headers("msg_5", timestamp, signature)));
		assertThatExceptionOfType(InvalidWebhookSignatureException.class).isThrownBy(
				() -> this.webhooks.verifySignature(BODY, headers("msg_other", timestamp, signature)));
	}

	@Test
	void aTimestampMoreThanFiveMinutesAwayFailsEvenWhenSigned() {
		String old = String.valueOf(Instant.now().minusSeconds(301).getEpochSecond());
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.verifySignature(BODY, headers("msg_6", old, sign(SECRET, "msg_6", old, BODY))))
			.withMessageContaining("too old");
		String future = String.valueOf(Instant.now().plusSeconds(301).getEpochSecond());
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.verifySignature(BODY,
					headers("msg_6", future, sign(SECRET, "msg_6", future, BODY))))
			.withMessageContaining("too new");
		String recent = String.valueOf(Instant.now().minusSeconds(200).getEpochSecond());
		this.webhooks.verifySignature(BODY, headers("msg_6", recent, sign(SECRET, "msg_6", recent, BODY)));
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.verifySignature(BODY,
					headers("msg_6", recent, sign(SECRET, "msg_6", recent, BODY)), SECRET, Duration.ofSeconds(100)))
			.withMessageContaining("too old");
	}

	@Test
	void aMissingOrMalformedHeaderFailsNamingIt() {
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.verifySignature(BODY, Map.of("webhook-id", "msg_7", "webhook-timestamp", now())))
			.withMessage("The webhook request has no webhook-signature header");
		assertThatExceptionOfType(InvalidWebhookSignatureException.class)
			.isThrownBy(() -> this.webhooks.verifySignature(BODY, headers("msg_7", "yesterday", "v1,x")))
			.withMessageContaining("webhook-timestamp");
	}

	@Test
	void theSecretComesFromOPENAI_WEBHOOK_SECRETWhenTheBuilderSetsNoneAndIsNeverShown() {
		AsyncOpenAI client = AsyncOpenAI.builder()
			.apiKey("sk-test")
			.environment(Map.of("OPENAI_WEBHOOK_SECRET", SECRET))
			.build();
		try (client) {
			client.webhooks().verifySignature(BODY, signed(SECRET, "msg_8", BODY));
			assertThat(client.options().toString()).doesNotContain(KEY);
			assertThat(client.webhooks().toString()).doesNotContain(KEY).contains("[redacted]");
		}
	}

	@Test
	void aClientsWebhooksCheckWithItsSecret() {
		try (AsyncOpenAI client = AsyncOpenAI.builder().apiKey("sk-test").environment(Map.of()).webhookSecret(SECRET).build()) {
			assertThat(client.webhooks().unwrap(BODY, signed(SECRET, "msg_10", BODY))).isInstanceOf(WebhookBatchCompleted.class);
		}
	}

	@Test
	void withoutASecretUnwrappingSaysHowToSetOne() {
		try (AsyncOpenAI client = AsyncOpenAI.builder().apiKey("sk-test").environment(Map.of()).build()) {
			assertThatExceptionOfType(OpenAIException.class)
				.isThrownBy(() -> client.webhooks().unwrap(BODY, headers("msg_9", now(), "v1,x")))
				.withMessageContaining("OPENAI_WEBHOOK_SECRET")
				.withMessageContaining("openai.webhook-secret");
		}
	}

	/** The headers of a request signed now: one timestamp for the header and the signature. */
	private static Map<String, String> signed(String secret, String id, String body) {
		String timestamp = now();
		return headers(id, timestamp, sign(secret, id, timestamp, body));
	}

	private static Map<String, String> headers(String id, String timestamp, String signature) {
		return Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature);
	}

	private static String now() {
		return String.valueOf(Instant.now().getEpochSecond());
	}

	/** Signs as OpenAI does, written here apart from the client's code. */
	private static String sign(String secret, String id, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(digest);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
