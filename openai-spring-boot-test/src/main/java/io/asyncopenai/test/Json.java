package io.asyncopenai.test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one Jackson mapper of the mock server.
 */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	/**
	 * Parses a request body.
	 * @throws JacksonException if it is not JSON
	 */
	static JsonNode read(String body) {
		return MAPPER.readTree(body);
	}

}
