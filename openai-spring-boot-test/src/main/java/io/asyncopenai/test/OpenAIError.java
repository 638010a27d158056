package io.asyncopenai.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code error} object of the API's error bodies.
 */
record OpenAIError(String message, String type, @Nullable String param, @Nullable String code) {

	static OpenAIError forStatus(int status) {
		return switch (status) {
			case 400 -> new OpenAIError("Invalid request.", "invalid_request_error", null, null);
			case 401 -> new OpenAIError("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key");
			case 403 -> new OpenAIError("You are not allowed to sample from this model.", "invalid_request_error", null,
					null);
			case 404 -> new OpenAIError("The model does not exist or you do not have access to it.",
					"invalid_request_error", null, "model_not_found");
			case 409 -> new OpenAIError("The request conflicts with another request in progress.",
					"invalid_request_error", null, "conflict");
			case 422 -> new OpenAIError("The request was well-formed but could not be processed.",
					"invalid_request_error", null, null);
			case 429 -> new OpenAIError("Rate limit reached for requests. Please try again later.", "requests",
					null, "rate_limit_exceeded");
			case 503 -> new OpenAIError("The engine is currently overloaded, please try again later.",
					"server_error", null, null);
			default -> (status >= 500)
					? new OpenAIError("The server had an error while processing your request. Sorry about that!",
							"server_error", null, null)
					: new OpenAIError("Request failed with status " + status + ".", "invalid_request_error", null,
							null);
		};
	}

	/** The whole error body: {@code {"error": {...}}}. */
	String toJson() {
		ObjectNode body = Json.object();
		body.set("error", toNode());
		return Json.write(body);
	}

	ObjectNode toNode() {
		ObjectNode error = Json.object();
		error.put("message", this.message);
		error.put("type", this.type);
		error.put("param", this.param);
		error.put("code", this.code);
		return error;
	}

}
