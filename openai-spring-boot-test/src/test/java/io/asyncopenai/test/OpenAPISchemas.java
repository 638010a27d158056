package io.asyncopenai.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas of the API description, read by an independent JSON Schema 2020-12 validator
 * (networknt's) over the whole description, so that every reference resolves.
 */
final class OpenAPISchemas {

	private static final String ID = "https://mock.asyncopenai.io/openapi.json";

	/** The prefix of the names under which this class files the response schemas of operations. */
	private static final String OPERATION = "MockTests.";

	/** The description as the mock reads it: 3.0 leftovers rewritten as 2020-12 says them. */
	static final ObjectNode DESCRIPTION = OpenAPIDescription.read();

	private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

	private static final SchemaRegistry REGISTRY;

	static {
		// Every operation's response schemas as component schemas too, so that a JSON pointer
		// without the path's braces and slashes finds each of them.
		ObjectNode components = (ObjectNode) DESCRIPTION.path("components").path("schemas");
		for (Map.Entry<String, JsonNode> path : DESCRIPTION.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				JsonNode responses = operation.getValue().path("responses");
				for (Map.Entry<String, JsonNode> response : responses.properties()) {
					JsonNode content = resolveResponse(response.getValue()).path("content");
					for (Map.Entry<String, JsonNode> media : content.properties()) {
						if (media.getValue().has("schema")) {
							components.set(name(operation.getValue().path("operationId").asString(), response.getKey(),
									media.getKey()), media.getValue().get("schema"));
						}
					}
				}
			}
		}
		String json = Json.write(DESCRIPTION);
		REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder.schemas(Map.of(ID, json)));
	}

	private OpenAPISchemas() {
	}

	/**
	 * Validates a value against a component schema.
	 * @param name the schema's name, for example {@code Response}
	 * @param value the value
	 * @return the validation errors, empty if the value is valid
	 */
	static List<Error> validate(String name, JsonNode value) {
		return schema("/components/schemas/" + name).validate(value);
	}

	/**
	 * Validates a value against the response schema of an operation.
	 * @param operationId the operation
	 * @param status the response status, as the description writes it
	 * @param mediaType the media type, for example {@code application/json}
	 * @param value the value
	 * @return the validation errors, empty if the value is valid
	 */
	static List<Error> validate(String operationId, String status, String mediaType, JsonNode value) {
		return validate(name(operationId, status, mediaType), value);
	}

	/** The response object a response entry stands for, following a {@code $ref} to {@code components/responses}. */
	static JsonNode resolveResponse(JsonNode response) {
		JsonNode ref = response.path("$ref");
		if (!ref.isString()) {
			return response;
		}
		String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
		return DESCRIPTION.path("components").path("responses").path(name);
	}

	private static Schema schema(String pointer) {
		return SCHEMAS.computeIfAbsent(pointer, (key) -> {
			Schema schema = REGISTRY.getSchema(SchemaLocation.of(ID + "#" + key));
			schema.initializeValidators();
			return schema;
		});
	}

	/** A schema name for an operation's response that a JSON pointer can hold as it is. */
	private static String name(String operationId, String status, String mediaType) {
		return OPERATION + operationId + "." + status + "." + mediaType.replaceAll("[^A-Za-z0-9]", "_");
	}

}
