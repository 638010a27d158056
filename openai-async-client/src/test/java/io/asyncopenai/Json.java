package io.asyncopenai;

import tools.jackson.databind.JsonNode;

import io.asyncopenai.core.OpenAIJson;

/**
 * Reads JSON in tests.
 */
final class Json {

	private Json() {
	}

	static JsonNode read(String json) {
		return OpenAIJson.mapper().readTree(json);
	}

}
