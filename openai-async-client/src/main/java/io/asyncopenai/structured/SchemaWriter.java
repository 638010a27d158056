package io.asyncopenai.structured;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.asyncopenai.structured.Shape.ArrayOf;
import io.asyncopenai.structured.Shape.Definition;
import io.asyncopenai.structured.Shape.Key;
import io.asyncopenai.structured.Shape.ObjectShape;
import io.asyncopenai.structured.Shape.OrNull;
import io.asyncopenai.structured.Shape.Property;
import io.asyncopenai.structured.Shape.Ref;
import io.asyncopenai.structured.Shape.Scalar;
import io.asyncopenai.structured.Shape.Union;

/**
 * Writes the shapes read from a root type as one strict JSON Schema: objects used once inline,
 * objects used more than once or within themselves in {@code $defs}, the root itself as
 * {@code #}.
 */
final class SchemaWriter {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ShapeReader shapes;

	private final Key root;

	/** The name in {@code $defs} of every shared definition, in the order first met. */
	private final Map<Key, String> definitionNames = new LinkedHashMap<>();

	SchemaWriter(ShapeReader shapes, Key root) {
		this.shapes = shapes;
		this.root = root;
		Set<String> taken = new HashSet<>();
		for (Key key : shapes.keys()) {
			if (!key.equals(root) && shapes.isShared(key)) {
				String name = JsonSchemas.sanitize(shapes.definition(key).name());
				String unique = name;
				// Two classes of the same simple name (in different packages or outer classes).
				for (int i = 2; !taken.add(unique); i++) {
					unique = name + "_" + i;
				}
				this.definitionNames.put(key, unique);
			}
		}
	}

	ObjectNode write() {
		ObjectNode schema = definition(this.root);
		if (!this.definitionNames.isEmpty()) {
			ObjectNode definitions = schema.putObject("$defs");
			for (Map.Entry<Key, String> entry : this.definitionNames.entrySet()) {
				definitions.set(entry.getValue(), definition(entry.getKey()));
			}
		}
		return schema;
	}

	private ObjectNode definition(Key key) {
		Definition definition = this.shapes.definition(key);
		if (definition instanceof Union union) {
			ObjectNode node = NODES.objectNode();
			ArrayNode anyOf = node.putArray("anyOf");
			for (Key variant : union.variants()) {
				anyOf.add(node(new Ref(variant)));
			}
			return node;
		}
		ObjectShape object = (ObjectShape) definition;
		ObjectNode node = NODES.objectNode();
		node.put("type", "object");
		if (object.description() != null) {
			node.put("description", object.description());
		}
		ObjectNode properties = node.putObject("properties");
		ArrayNode required = NODES.arrayNode();
		for (Property property : object.properties()) {
			properties.set(property.name(), property(property));
			// Strict mode requires every property: an optional one is nullable instead.
			required.add(property.name());
		}
		node.set("required", required);
		node.put("additionalProperties", false);
		return node;
	}

	private ObjectNode property(Property property) {
		ObjectNode node = node(property.shape());
		if (property.description() != null) {
			// OpenAI takes no keyword beside a $ref: the reference goes one level down.
			if (node.has("$ref")) {
				ObjectNode wrapper = NODES.objectNode();
				wrapper.putArray("anyOf").add(node);
				node = wrapper;
			}
			node.put("description", property.description());
		}
		return node;
	}

	private ObjectNode node(Shape shape) {
		if (shape instanceof Scalar scalar) {
			return scalar(scalar, false);
		}
		if (shape instanceof ArrayOf array) {
			ObjectNode node = NODES.objectNode();
			node.put("type", "array");
			node.set("items", node(array.items()));
			return node;
		}
		if (shape instanceof OrNull nullable) {
			if (nullable.value() instanceof Scalar scalar && scalar.values() == null) {
				return scalar(scalar, true);
			}
			ObjectNode value = node(nullable.value());
			ObjectNode nullNode = NODES.objectNode().put("type", "null");
			if (value.size() == 1 && value.get("anyOf") instanceof ArrayNode anyOf) {
				// A nullable union is one more branch, not a union within a union.
				anyOf.add(nullNode);
				return value;
			}
			ObjectNode node = NODES.objectNode();
			node.putArray("anyOf").add(value).add(nullNode);
			return node;
		}
		Key key = ((Ref) shape).key();
		if (key.equals(this.root)) {
			return NODES.objectNode().put("$ref", "#");
		}
		String name = this.definitionNames.get(key);
		return (name != null) ? NODES.objectNode().put("$ref", "#/$defs/" + name) : definition(key);
	}

	private static ObjectNode scalar(Scalar scalar, boolean nullable) {
		ObjectNode node = NODES.objectNode();
		if (nullable) {
			node.putArray("type").add(scalar.type()).add("null");
		}
		else {
			node.put("type", scalar.type());
		}
		if (scalar.format() != null) {
			node.put("format", scalar.format());
		}
		if (scalar.pattern() != null) {
			node.put("pattern", scalar.pattern());
		}
		if (scalar.values() != null) {
			ArrayNode values = node.putArray("enum");
			scalar.values().forEach(values::add);
		}
		return node;
	}

}
