package io.asyncopenai.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.palantir.javapoet.ClassName;

/**
 * The hand-kept map that places every operation of the description in the client: its
 * service path, method and params type names, and the Java names of schemas the SDKs name
 * differently.
 */
final class ResourceMap {

	final Map<String, Operation> operations = new LinkedHashMap<>();

	final Map<String, String> types = new LinkedHashMap<>();

	/** What the description cannot say about a type, by schema or params name. */
	final Map<String, Model> models = new LinkedHashMap<>();

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
					text(node, "params", entry.getKey()), node.path("handwritten").asBoolean(false),
					node.path("stream").isMissingNode() ? null : node.path("stream").asText()));
		});
		root.path("types").properties().forEach((entry) -> map.types.put(entry.getKey(), entry.getValue().asText()));
		root.path("models").properties().forEach((entry) -> {
			JsonNode node = entry.getValue();
			Map<String, FieldOverride> fields = new LinkedHashMap<>();
			node.path("fields").properties().forEach((field) -> {
				boolean omit = field.getValue().path("omit").asBoolean(false);
				fields.put(field.getKey(), new FieldOverride(
						omit ? null : text(field.getValue(), "type", entry.getKey() + "." + field.getKey()),
						field.getValue().path("deserializer").asText(null), omit));
			});
			String variants = node.path("variants").asText("wrapped");
			if (!variants.equals("wrapped") && !variants.equals("subtypes")) {
				throw new IllegalStateException("The resource map's model " + entry.getKey()
						+ " has variants: " + variants + "; expected wrapped or subtypes");
			}
			map.models.put(entry.getKey(), new Model(node.path("package").asText(null), strings(node.path("implements")),
					strings(node.path("builder")), variants.equals("subtypes"), fields));
		});
		return map;
	}

	/** What the map says of a type, or nothing. */
	Model model(String name) {
		return this.models.getOrDefault(name, Model.NONE);
	}

	private static List<String> strings(JsonNode node) {
		List<String> values = new ArrayList<>();
		node.forEach((value) -> values.add(value.asText()));
		return values;
	}

	private static String text(JsonNode node, String field, String operation) {
		JsonNode value = node.get(field);
		if (value == null || value.asText().isBlank()) {
			throw new IllegalStateException("The resource map's operation " + operation + " has no " + field);
		}
		return value.asText();
	}

	/**
	 * What the map adds to a generated type.
	 *
	 * @param packageName the package it stays in, below {@code io.asyncopenai.models}, or {@code null}
	 * to let the placement choose
	 * @param implementing hand-written interfaces in its package that the type implements (a union
	 * extends them): helpers such as {@code Response.outputText()}
	 * @param builderImplementing hand-written interfaces in its package that its builder implements:
	 * helpers such as {@code addUserMessage(String)}
	 * @param subtypeVariants whether a union's variants are its subtypes, kept in its package,
	 * instead of records that wrap them; JSON of no known variant becomes {@code Unknown<Union>}
	 * beside them
	 * @param fields Java types the description cannot give, by JSON field name
	 */
	record Model(String packageName, List<String> implementing, List<String> builderImplementing,
			boolean subtypeVariants, Map<String, FieldOverride> fields) {

		static final Model NONE = new Model(null, List.of(), List.of(), false, Map.of());

		/** The hand-written interfaces the type implements, which live in its package. */
		List<ClassName> interfaces(String packageName) {
			return this.implementing.stream().map((name) -> ClassName.get(packageName, name)).toList();
		}

		/** The hand-written interfaces the type's builder implements, which live in its package. */
		List<ClassName> builderInterfaces(String packageName) {
			return this.builderImplementing.stream().map((name) -> ClassName.get(packageName, name)).toList();
		}

	}

	/**
	 * A field's Java type, given by hand, or a field left out.
	 *
	 * @param type the Java type, for example {@code float[]}
	 * @param deserializer the hand-written deserializer, in the type's package, that reads it, or {@code null}
	 * @param omit whether the record leaves the field out, for a hand-written interface to compute
	 * (the SDK-only {@code output_text} of a response)
	 */
	record FieldOverride(String type, String deserializer, boolean omit) {

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
	 * @param stream the schema of the events of a stream asked for with the {@code stream}
	 * query parameter, which the description does not describe, or {@code null}
	 */
	record Operation(String id, String http, String service, String method, String params, boolean handwritten,
			String stream) {

		String httpMethod() {
			return this.http.substring(0, this.http.indexOf(' '));
		}

		String pathKey() {
			return this.http.substring(this.http.indexOf(' ') + 1);
		}

	}

}
