package io.asyncopenai.test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import tools.jackson.databind.JsonNode;

/**
 * The deterministic "model" behind the mock: what it answers, how many tokens things count,
 * and what a text embeds to.
 */
final class MockContent {

	/** What the assistant says when the conversation has no user text. */
	static final String GREETING = "Hello! How can I assist you today?";

	/** What the assistant puts before the user's text. */
	static final String ECHO_PREFIX = "Echo: ";

	private MockContent() {
	}

	/**
	 * The reply to a user text: the text echoed back, or a greeting when there is none.
	 */
	static String reply(String userText) {
		return userText.isBlank() ? GREETING : ECHO_PREFIX + userText;
	}

	/**
	 * Splits a text into tokens the way the model streams them: each word with the
	 * whitespace before it. Joining the tokens gives the text back.
	 */
	static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		int start = 0;
		for (int i = 1; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
				tokens.add(text.substring(start, i));
				start = i;
			}
		}
		if (start < text.length()) {
			tokens.add(text.substring(start));
		}
		return tokens;
	}

	/** Tokens a prompt text counts: one per word, at least one for a non-empty text. */
	static int countTokens(String text) {
		String trimmed = text.strip();
		return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
	}

	/**
	 * The text of a message's {@code content}: a string, or the {@code text} of its text parts
	 * ({@code text}, {@code input_text}) joined.
	 */
	static String contentText(JsonNode content) {
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		if (content.isArray()) {
			for (JsonNode part : content) {
				String type = part.path("type").asString("");
				if ((type.equals("text") || type.equals("input_text") || type.equals("output_text"))
						&& part.path("text").isString()) {
					if (!text.isEmpty()) {
						text.append(' ');
					}
					text.append(part.path("text").asString());
				}
			}
		}
		return text.toString();
	}

	/**
	 * A unit vector of {@code dimensions} floats that depends on the text only. Shorter vectors
	 * are the first values of the model's full vector, normalized again, as the API's
	 * {@code dimensions} parameter does.
	 */
	static float[] embedding(String text, int modelDimensions, int dimensions) {
		SplittableRandom random = new SplittableRandom(seed(text));
		double[] values = new double[modelDimensions];
		for (int i = 0; i < modelDimensions; i++) {
			values[i] = random.nextDouble() * 2 - 1;
		}
		double norm = 0;
		for (int i = 0; i < dimensions; i++) {
			norm += values[i] * values[i];
		}
		norm = Math.sqrt(norm);
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) (values[i] / norm);
		}
		return vector;
	}

	/** The little-endian float32 bytes of a vector in base64, as {@code encoding_format=base64} sends it. */
	static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			bytes.putFloat(value);
		}
		return Base64.getEncoder().encodeToString(bytes.array());
	}

	private static long seed(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
