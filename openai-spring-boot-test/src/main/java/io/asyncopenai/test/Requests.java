package io.asyncopenai.test;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the endpoints share: ids, request body parsing and the API's validation errors.
 */
final class Requests {

	private Requests() {
	}

	/** An identifier like the API's: a prefix and random hex digits. */
	static String newId(String prefix, int hexDigits) {
		byte[] bytes = new byte[(hexDigits + 1) / 2];
		ThreadLocalRandom.current().nextBytes(bytes);
		return prefix + HexFormat.of().formatHex(bytes).substring(0, hexDigits);
	}

	static long nowSeconds() {
		return System.currentTimeMillis() / 1000;
	}

	/**
	 * Parses a request body as a JSON object.
	 * @return the object, or {@code null} if the body is not one
	 */
	static @Nullable JsonNode parseObject(String body) {
		try {
			JsonNode node = Json.read(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Parses a create request and hands it with its model to {@code handler}, or answers the
	 * API's error for a body that is not a JSON object or has no model.
	 */
	static Reply withModel(String body, Reply missingModel, BiFunction<JsonNode, String, Reply> handler) {
		JsonNode request = parseObject(body);
		if (request == null) {
			return invalidJson();
		}
		String model = model(request);
		return (model != null) ? handler.apply(request, model) : missingModel;
	}

	static Reply.Json error(int status, OpenAIError error) {
		return new Reply.Json(status, error.toJson());
	}

	static Reply.Json invalidJson() {
		return error(400, new OpenAIError("We could not parse the JSON body of your request. The OpenAI API expects a "
				+ "JSON payload, but what was sent was not valid JSON.", "invalid_request_error", null, null));
	}

	static Reply.Json missingModel() {
		return error(400, new OpenAIError("you must provide a model parameter", "invalid_request_error", null, null));
	}

	static Reply.Json missingParameter(String name) {
		return error(400, new OpenAIError("Missing required parameter: '" + name + "'.", "invalid_request_error", name,
				"missing_required_parameter"));
	}

	static Reply.Json invalidParameter(String name, String message) {
		return error(400, new OpenAIError(message, "invalid_request_error", name, "invalid_value"));
	}

	static Reply.Json invalidUrl(String method, String path) {
		return error(404,
				new OpenAIError("Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null));
	}

	/** The {@code model} of a request, or {@code null} if it has none. */
	static @Nullable String model(JsonNode request) {
		JsonNode model = request.path("model");
		return (model.isString() && !model.asString().isBlank()) ? model.asString() : null;
	}

	/** An optional positive integer parameter; {@code -1} if absent or null. */
	static int optionalInt(JsonNode request, String name) {
		JsonNode value = request.path(name);
		return value.isIntegralNumber() ? value.asInt() : -1;
	}

}
