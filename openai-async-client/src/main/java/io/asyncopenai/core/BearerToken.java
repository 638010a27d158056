package io.asyncopenai.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A bearer token, such as a Microsoft Entra ID access token, with the instant it expires
 * if known. Its value is never shown by {@link #toString()}.
 *
 * @param value the token, sent as {@code Authorization: Bearer <value>}
 * @param expiresAt when it stops being valid, or {@code null} if unknown
 */
public record BearerToken(String value, @Nullable Instant expiresAt) {

	/**
	 * A token.
	 * @param value the token, not blank
	 * @param expiresAt when it stops being valid, or {@code null} if unknown
	 */
	public BearerToken {
		Objects.requireNonNull(value, "value");
		if (value.isBlank()) {
			throw new IllegalArgumentException("A bearer token must not be blank");
		}
	}

	/**
	 * A token whose expiry is read from it when it is a JWT with an {@code exp} claim, as
	 * Entra ID access tokens are; unknown otherwise.
	 * @param value the token
	 * @return the token
	 */
	public static BearerToken of(String value) {
		return new BearerToken(value, jwtExpiry(value));
	}

	private static @Nullable Instant jwtExpiry(String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return null;
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
			JsonNode claims = OpenAIJson.mapper().readTree(new String(payload, StandardCharsets.UTF_8));
			JsonNode exp = claims.get("exp");
			return (exp != null && exp.isNumber()) ? Instant.ofEpochSecond(exp.asLong()) : null;
		}
		catch (RuntimeException ex) {
			// Not a JWT after all: an opaque token, whose expiry is unknown.
			return null;
		}
	}

	@Override
	public String toString() {
		return "BearerToken{value=[redacted], expiresAt=" + this.expiresAt + "}";
	}

}
