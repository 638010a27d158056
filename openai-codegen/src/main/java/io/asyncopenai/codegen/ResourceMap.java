package io.asyncopenai.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The hand-kept map that places every operation of the description in the client: its
 * service path, method and params type names, and the Java names of schemas the SDKs name
 * differently.
 */
final class ResourceMap {

	final Map<String, Operation> operations = new LinkedHashMap<>();

	final Map<String, String> types = new LinkedHashMap<>();

	static ResourceMap read(Path file) {
		JsonNode root;
		try {
			root = new YAMLMapper().readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the resource map " + file, ex);
		}
		ResourceMap map = new ResourceMap();
		root.path("operations").properties().forEach((entry) -> {
			JsonNode node = entry.getValue();
			map.operations.put(entry.getKey(), new Operation(entry.getKey(), text(node, "http", entry.getKey()),
					text(node, "service", entry.getKey()), text(node, "method", entry.getKey()),
					text(node, "params", entry.getKey()), node.path("handwritten").asBoolean(false)));
		});
		root.path("types").properties().forEach((entry) -> map.types.put(entry.getKey(), entry.getValue().asText()));
		return map;
	}

	private static String text(JsonNode node, String field, String operation) {
		JsonNode value = node.get(field);
		if (value == null || value.asText().isBlank()) {
			throw new IllegalStateException("The resource map's operation " + operation + " has no " + field);
		}
		return value.asText();
	}

	/**
	 * One operation's place.
	 *
	 * @param id the description's operationId
	 * @param http method and path key, as in the description
	 * @param service the dotted accessor path, for example {@code vectorStores.fileBatches}
	 * @param method the Java method name
	 * @param params the params type's name
	 * @param handwritten whether a hand-written service base class implements it
	 */
	record Operation(String id, String http, String service, String method, String params, boolean handwritten) {

		String httpMethod() {
			return this.http.substring(0, this.http.indexOf(' '));
		}

		String pathKey() {
			return this.http.substring(this.http.indexOf(' ') + 1);
		}

	}

}
