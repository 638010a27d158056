package io.asyncopenai.services;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.InvalidWebhookSignatureException;
import io.asyncopenai.errors.OpenAIException;
import io.asyncopenai.models.webhooks.UnwrapWebhookEvent;

import org.springframework.http.HttpHeaders;

/**
 * Checks and reads the events OpenAI sends to a webhook endpoint, as the official SDKs'
 * {@code client.webhooks} do. A request is signed the Standard Webhooks way: the
 * {@code webhook-signature} header holds one or more {@code v1,<base64>} HMAC-SHA256 signatures
 * of {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the secret the dashboard shows
 * ({@code whsec_<base64 key>}), and a timestamp more than five minutes away from now is refused.
 * Pass the body exactly as received: a body parsed and written again does not verify.
 */
public final class WebhookService {

	/** How far a webhook's timestamp may be from now, as in the official SDKs. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private static final String SECRET_PREFIX = "whsec_";

	private final @Nullable String secret;

	private final JsonMapper mapper;

	/**
	 * Webhooks checked with a secret and read with the API's mapper.
	 * @param secret the client's webhook secret, or {@code null} to pass one to each check
	 * @param mapper the mapper of the API's JSON
	 */
	public WebhookService(@Nullable String secret, JsonMapper mapper) {
		this.secret = secret;
		this.mapper = mapper;
	}

	/**
	 * Verifies a webhook request with the client's secret and reads its event.
	 * @param body the request body, exactly as received
	 * @param headers the request headers
	 * @return the event; {@code UnknownUnwrapWebhookEvent} for a type this client does not know
	 * @throws InvalidWebhookSignatureException if the signature does not verify
	 * @throws OpenAIException if no secret is set, or the body is not an event's JSON
	 */
	public UnwrapWebhookEvent unwrap(String body, HttpHeaders headers) {
		verifySignature(body, headers);
		return read(body);
	}

	/**
	 * Verifies a webhook request with the client's secret and reads its event.
	 * @param body the request body, exactly as received
	 * @param headers the request headers, names in any case
	 * @return the event; {@code UnknownUnwrapWebhookEvent} for a type this client does not know
	 * @throws InvalidWebhookSignatureException if the signature does not verify
	 * @throws OpenAIException if no secret is set, or the body is not an event's JSON
	 */
	public UnwrapWebhookEvent unwrap(String body, Map<String, String> headers) {
		verifySignature(body, headers);
		return read(body);
	}

	/**
	 * Verifies a webhook request with the client's secret.
	 * @param body the request body, exactly as received
	 * @param headers the request headers
	 * @throws InvalidWebhookSignatureException if the signature does not verify
	 * @throws OpenAIException if no secret is set
	 */
	public void verifySignature(String body, HttpHeaders headers) {
		verify(body, headers::getFirst, requireSecret(this.secret), DEFAULT_TOLERANCE);
	}

	/**
	 * Verifies a webhook request with the client's secret.
	 * @param body the request body, exactly as received
	 * @param headers the request headers, names in any case
	 * @throws InvalidWebhookSignatureException if the signature does not verify
	 * @throws OpenAIException if no secret is set
	 */
	public void verifySignature(String body, Map<String, String> headers) {
		verifySignature(body, headers, requireSecret(this.secret), DEFAULT_TOLERANCE);
	}

	/**
	 * Verifies a webhook request with a given secret and tolerance.
	 * @param body the request body, exactly as received
	 * @param headers the request headers, names in any case
	 * @param secret the webhook secret, {@code whsec_…}
	 * @param tolerance how far the request's timestamp may be from now
	 * @throws InvalidWebhookSignatureException if the signature does not verify
	 */
	public void verifySignature(String body, Map<String, String> headers, String secret, Duration tolerance) {
		Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		byName.putAll(headers);
		verify(body, byName::get, secret, tolerance);
	}

	private UnwrapWebhookEvent read(String body) {
		try {
			return this.mapper.readValue(body, UnwrapWebhookEvent.class);
		}
		catch (JacksonException ex) {
			throw new OpenAIException("The webhook body is not the JSON of an event", ex);
		}
	}

	private static void verify(String body, UnaryOperator<@Nullable String> header, String secret, Duration tolerance) {
		String id = required(header, "webhook-id");
		String timestamp = required(header, "webhook-timestamp");
		String signatures = required(header, "webhook-signature");
		Instant sent;
		try {
			sent = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
		}
		catch (NumberFormatException ex) {
			throw new InvalidWebhookSignatureException("The webhook-timestamp header is not a number of seconds");
		}
		Instant now = Instant.now();
		if (sent.isBefore(now.minus(tolerance))) {
			throw new InvalidWebhookSignatureException("The webhook timestamp is too old: more than " + tolerance
					+ " before now");
		}
		if (sent.isAfter(now.plus(tolerance))) {
			throw new InvalidWebhookSignatureException("The webhook timestamp is too new: more than " + tolerance
					+ " after now");
		}
		byte[] expected = Base64.getEncoder()
			.encode(hmac(key(secret), id + "." + timestamp + "." + body));
		for (String signature : signatures.trim().split("\\s+")) {
			if (signature.startsWith("v1,")
					&& MessageDigest.isEqual(expected, signature.substring(3).getBytes(StandardCharsets.US_ASCII))) {
				return;
			}
		}
		throw new InvalidWebhookSignatureException("No webhook signature matches the secret");
	}

	private static String required(UnaryOperator<@Nullable String> header, String name) {
		String value = header.apply(name);
		if (value == null || value.isBlank()) {
			throw new InvalidWebhookSignatureException("The webhook request has no " + name + " header");
		}
		return value;
	}

	private static byte[] key(String secret) {
		if (!secret.startsWith(SECRET_PREFIX)) {
			return secret.getBytes(StandardCharsets.UTF_8);
		}
		try {
			return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			// Not the exception's message: it may quote the secret.
			throw new OpenAIException("The webhook secret is not whsec_ followed by base64");
		}
	}

	private static byte[] hmac(byte[] key, String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String requireSecret(@Nullable String secret) {
		if (secret == null || secret.isBlank()) {
			throw new OpenAIException("The webhook secret must be set: pass webhookSecret(...) to AsyncOpenAI.builder(), "
					+ "set the OPENAI_WEBHOOK_SECRET environment variable, set the openai.webhook-secret property in "
					+ "Spring Boot, or pass it to verifySignature");
		}
		return secret;
	}

	@Override
	public String toString() {
		return "WebhookService{secret=" + ((this.secret != null) ? "[redacted]" : "none") + "}";
	}

}
