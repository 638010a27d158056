package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks JSON values against the schemas of the API description and makes the smallest valid
 * value of a schema, with the JSON Schema 2020-12 keywords the description uses (after
 * {@link OpenAPIDescription#read()} has normalized it). Formats are annotations, as 2020-12
 * says; keywords the description does not use are ignored.
 *
 * <p>{@link #of(JsonNode)} does the same for one standalone schema, as a request carries it
 * for structured outputs or function parameters: its references are JSON pointers into it
 * ({@code #/$defs/...}, {@code #}), and it generates values that show more of the schema.
 */
final class SchemaInstances {

	// Deeper than any value the description describes; guards against a reference cycle in a newer one.
	private static final int MAX_DEPTH = 64;

	private static final Set<String> UNION = Set.of("anyOf", "oneOf");

	private static final List<String> PATTERN_CANDIDATES = List.of("1970-01-01T00:00:00", "00:00:00", "1970-01-01",
			"x", "X", "0", "x0", "example", "EXAMPLE", "00000", "x-0", "x_0");

	private final JsonNode schemas;

	// The standalone schema whose own pointers references are, or null for the description's components.
	private final @Nullable JsonNode root;

	private final boolean rich;

	// The references being generated, in rich mode: meeting one again is a recursion.
	private final Set<String> expanding = new HashSet<>();

	private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

	// Component schemas are reached again and again: each one is made once.
	private final Map<JsonNode, JsonNode> generated = new IdentityHashMap<>();

	/**
	 * Creates an instance over the description's component schemas.
	 * @param schemas the description's {@code components/schemas}
	 */
	SchemaInstances(JsonNode schemas) {
		this(schemas, null, false);
	}

	private SchemaInstances(JsonNode schemas, @Nullable JsonNode root, boolean rich) {
		this.schemas = schemas;
		this.root = root;
		this.rich = rich;
	}

	/**
	 * Creates an instance over one standalone schema, whose references point into it
	 * ({@code #/$defs/name}, {@code #/definitions/name}, {@code #}). Its {@link #generate(JsonNode)}
	 * makes fuller values than the smallest: arrays get one item where {@code maxItems} allows,
	 * union variants other than {@code null} come first, and a recursion stops at the first
	 * place that can end it, an array left empty (down to its {@code minItems}) or the
	 * {@code null} variant of a union.
	 * @param schema the schema, for example a structured output's or a function's parameters
	 * @return an instance that checks and generates values of that schema
	 */
	static SchemaInstances of(JsonNode schema) {
		return new SchemaInstances(Json.object(), schema, true);
	}

	/** The schema a reference names: a component, or a pointer into the standalone schema. */
	private JsonNode resolve(String ref) {
		if (this.root == null) {
			return OpenAPIDescription.component(this.schemas, ref);
		}
		if (!ref.startsWith("#")) {
			// Remote references are not followed: anything goes where one stands.
			return Json.object();
		}
		JsonNode target = this.root.at(ref.substring(1));
		return target.isMissingNode() ? Json.object() : target;
	}

	/** The description's {@code components/schemas}, which references name. */
	JsonNode components() {
		return this.schemas;
	}

	/**
	 * Whether a value is valid against a schema.
	 * @param value the JSON value
	 * @param schema the schema, whose references name component schemas
	 * @return whether the value is valid
	 */
	boolean conforms(JsonNode value, JsonNode schema) {
		return conforms(value, schema, 0);
	}

	/**
	 * The smallest valid value of a schema: required properties only, constants, the first
	 * enum value or default, the first union variant that gives a valid value, empty strings
	 * and arrays unless a length or format asks for more, zero unless a bound asks for more.
	 * @param schema the schema
	 * @return a value, valid against the schema unless the schema asks for more than that
	 */
	JsonNode generate(JsonNode schema) {
		synchronized (this.generated) {
			boolean isRoot = this.rich && schema == this.root;
			if (isRoot) {
				this.expanding.add("#");
			}
			JsonNode value = generate(schema, 0);
			this.expanding.clear();
			// Only a schema that is nothing but recursion has no value.
			return (value != null) ? value.deepCopy() : Json.object();
		}
	}

	private boolean conforms(JsonNode value, JsonNode schema, int depth) {
		if (schema.isBoolean()) {
			return schema.booleanValue();
		}
		if (!schema.isObject()) {
			return true;
		}
		if (depth > MAX_DEPTH) {
			return false;
		}
		JsonNode ref = schema.get("$ref");
		if (ref != null && ref.isString()
				&& !conforms(value, resolve(ref.asString()), depth + 1)) {
			return false;
		}
		JsonNode type = schema.get("type");
		if (type != null && !hasType(value, type)) {
			return false;
		}
		JsonNode constant = schema.get("const");
		if (constant != null && !same(constant, value)) {
			return false;
		}
		JsonNode values = schema.get("enum");
		if (values != null && !contains(values, value)) {
			return false;
		}
		if (!conformsToCombinations(value, schema, depth)) {
			return false;
		}
		if (value.isObject()) {
			return objectConforms(value, schema, depth);
		}
		if (value.isArray()) {
			return arrayConforms(value, schema, depth);
		}
		if (value.isString()) {
			return stringConforms(value.asString(), schema);
		}
		return !value.isNumber() || numberConforms(value.doubleValue(), schema);
	}

	private boolean conformsToCombinations(JsonNode value, JsonNode schema, int depth) {
		for (JsonNode part : schema.path("allOf")) {
			if (!conforms(value, part, depth + 1)) {
				return false;
			}
		}
		JsonNode anyOf = schema.get("anyOf");
		if (anyOf != null && matching(value, anyOf, depth, 1) == 0) {
			return false;
		}
		JsonNode oneOf = schema.get("oneOf");
		if (oneOf != null && matching(value, oneOf, depth, 2) != 1) {
			return false;
		}
		JsonNode not = schema.get("not");
		return not == null || !conforms(value, not, depth + 1);
	}

	/** How many variants a value is valid against, counting no further than {@code enough}. */
	private int matching(JsonNode value, JsonNode variants, int depth, int enough) {
		int count = 0;
		for (JsonNode variant : variants) {
			if (conforms(value, variant, depth + 1) && ++count == enough) {
				break;
			}
		}
		return count;
	}

	private boolean objectConforms(JsonNode value, JsonNode schema, int depth) {
		for (JsonNode name : schema.path("required")) {
			if (!value.has(name.asString())) {
				return false;
			}
		}
		JsonNode properties = schema.path("properties");
		JsonNode additional = schema.get("additionalProperties");
		JsonNode names = schema.get("propertyNames");
		for (Map.Entry<String, JsonNode> property : value.properties()) {
			JsonNode declared = properties.get(property.getKey());
			JsonNode applies = (declared != null) ? declared : additional;
			if (applies != null && !conforms(property.getValue(), applies, depth + 1)) {
				return false;
			}
			if (names != null && !conforms(Json.MAPPER.getNodeFactory().stringNode(property.getKey()), names,
					depth + 1)) {
				return false;
			}
		}
		return withinBounds(value.size(), schema, "minProperties", "maxProperties");
	}

	private boolean arrayConforms(JsonNode value, JsonNode schema, int depth) {
		JsonNode items = schema.get("items");
		if (items != null) {
			for (JsonNode item : value) {
				if (!conforms(item, items, depth + 1)) {
					return false;
				}
			}
		}
		return withinBounds(value.size(), schema, "minItems", "maxItems");
	}

	private boolean stringConforms(String value, JsonNode schema) {
		if (!withinBounds(value.codePointCount(0, value.length()), schema, "minLength", "maxLength")) {
			return false;
		}
		JsonNode pattern = schema.get("pattern");
		return pattern == null || !pattern.isString()
				|| this.patterns.computeIfAbsent(pattern.asString(), Pattern::compile).matcher(value).find();
	}

	private static boolean numberConforms(double value, JsonNode schema) {
		JsonNode minimum = schema.get("minimum");
		JsonNode maximum = schema.get("maximum");
		JsonNode exclusiveMinimum = schema.get("exclusiveMinimum");
		JsonNode exclusiveMaximum = schema.get("exclusiveMaximum");
		return (minimum == null || !minimum.isNumber() || value >= minimum.doubleValue())
				&& (maximum == null || !maximum.isNumber() || value <= maximum.doubleValue())
				&& (exclusiveMinimum == null || !exclusiveMinimum.isNumber() || value > exclusiveMinimum.doubleValue())
				&& (exclusiveMaximum == null || !exclusiveMaximum.isNumber() || value < exclusiveMaximum.doubleValue());
	}

	private static boolean withinBounds(int size, JsonNode schema, String min, String max) {
		JsonNode lower = schema.get(min);
		JsonNode upper = schema.get(max);
		return (lower == null || !lower.isNumber() || size >= lower.asInt())
				&& (upper == null || !upper.isNumber() || size <= upper.asInt());
	}

	private static boolean hasType(JsonNode value, JsonNode type) {
		if (type.isArray()) {
			for (JsonNode one : type) {
				if (hasType(value, one)) {
					return true;
				}
			}
			return false;
		}
		return switch (type.asString("")) {
			case "object" -> value.isObject();
			case "array" -> value.isArray();
			case "string" -> value.isString();
			case "boolean" -> value.isBoolean();
			case "null" -> value.isNull();
			case "number" -> value.isNumber();
			// JSON Schema counts 1.0 as an integer: the value decides, not how it is written.
			case "integer" -> value.isIntegralNumber() || (value.isNumber() && Double.isFinite(value.doubleValue())
					&& value.doubleValue() == Math.rint(value.doubleValue()));
			default -> true;
		};
	}

	private static boolean contains(JsonNode values, JsonNode value) {
		for (JsonNode candidate : values) {
			if (same(candidate, value)) {
				return true;
			}
		}
		return false;
	}

	/** JSON equality, under which {@code 1} and {@code 1.0} are the same number. */
	private static boolean same(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			return a.decimalValue().compareTo(b.decimalValue()) == 0;
		}
		return a.equals(b);
	}

	/** A value of the schema; in rich mode {@code null} when making one meets a recursion. */
	private @Nullable JsonNode generate(JsonNode schema, int depth) {
		if (depth > MAX_DEPTH) {
			return this.rich ? null : Json.object();
		}
		if (!schema.isObject()) {
			return Json.object();
		}
		if (this.rich) {
			JsonNode ref = schema.get("$ref");
			String name = (ref != null && ref.isString()) ? ref.asString() : null;
			if (name != null && !this.expanding.add(name)) {
				return null;
			}
			try {
				return firstValid(schema, depth);
			}
			finally {
				if (name != null) {
					this.expanding.remove(name);
				}
			}
		}
		JsonNode known = this.generated.get(schema);
		if (known != null) {
			return known;
		}
		JsonNode value = firstValid(schema, depth);
		this.generated.put(schema, value);
		return value;
	}

	private @Nullable JsonNode firstValid(JsonNode schema, int depth) {
		JsonNode first = null;
		for (Supplier<JsonNode> candidate : candidates(schema, depth)) {
			JsonNode value = candidate.get();
			if (value == null) {
				continue;
			}
			if (conforms(value, schema, 0)) {
				return value;
			}
			if (first == null) {
				first = value;
			}
		}
		return (first != null || this.rich) ? first : Json.object();
	}

	/** Values to try for a schema, in the order of preference; each is made only when tried. */
	private List<Supplier<JsonNode>> candidates(JsonNode schema, int depth) {
		List<Supplier<JsonNode>> candidates = new ArrayList<>();
		if (schema.has("const")) {
			candidates.add(() -> schema.get("const").deepCopy());
		}
		for (JsonNode value : schema.path("enum")) {
			candidates.add(value::deepCopy);
		}
		if (schema.has("default")) {
			candidates.add(() -> schema.get("default").deepCopy());
		}
		for (String union : UNION) {
			List<JsonNode> variants = new ArrayList<>();
			schema.path(union).forEach(variants::add);
			if (this.rich) {
				// A fuller value first: null only where nothing else can be made.
				variants.sort((a, b) -> Boolean.compare(isNull(a), isNull(b)));
			}
			for (JsonNode variant : variants) {
				candidates.add(() -> withOwnProperties(generate(variant, depth + 1), schema, false, depth));
			}
		}
		if (schema.has("allOf") || schema.has("$ref")) {
			for (JsonNode part : parts(schema)) {
				candidates.add(() -> withOwnProperties(generate(part, depth + 1), schema, true, depth));
			}
		}
		candidates.add(() -> shape(schema, depth));
		return candidates;
	}

	/**
	 * A generated value with the required properties that the schema around a union or a
	 * combination declares itself or through its other parts.
	 * @param replace whether those replace the value's own: yes for a part of a combination,
	 * whose properties are generated against every part; no for a union variant, which is
	 * more specific than the schema around it
	 */
	private @Nullable JsonNode withOwnProperties(@Nullable JsonNode value, JsonNode schema, boolean replace,
			int depth) {
		if (!(value instanceof ObjectNode object)) {
			return value;
		}
		Map<String, JsonNode> properties = properties(schema, depth);
		if (properties == null) {
			return null;
		}
		if (properties.isEmpty()) {
			return value;
		}
		ObjectNode merged = object.deepCopy();
		properties.forEach((name, property) -> {
			if (replace || !merged.has(name)) {
				merged.set(name, property);
			}
		});
		return merged;
	}

	/** The schemas a value must satisfy together: a reference's target, and each part of {@code allOf}. */
	private List<JsonNode> parts(JsonNode schema) {
		List<JsonNode> parts = new ArrayList<>();
		JsonNode ref = schema.get("$ref");
		if (ref != null && ref.isString()) {
			parts.add(resolve(ref.asString()));
		}
		schema.path("allOf").forEach(parts::add);
		return parts;
	}

	/** A value made from the schema's type and its bounds, ignoring unions. */
	private @Nullable JsonNode shape(JsonNode schema, int depth) {
		String type = type(schema);
		return switch (type) {
			case "object" -> object(schema, depth);
			case "array" -> array(schema, depth);
			case "string" -> Json.MAPPER.getNodeFactory().stringNode(string(schema));
			case "integer" -> integer((long) Math.ceil(number(schema, true)));
			case "number" -> Json.MAPPER.getNodeFactory().numberNode(number(schema, false));
			case "boolean" -> Json.MAPPER.getNodeFactory().booleanNode(false);
			case "null" -> Json.MAPPER.nullNode();
			default -> Json.object();
		};
	}

	/** The schema's type: the first one that is not null, or the one its keywords imply. */
	private static String type(JsonNode schema) {
		JsonNode type = schema.get("type");
		if (type != null && type.isArray()) {
			String only = "null";
			for (JsonNode one : type) {
				if (!one.asString("").equals("null")) {
					return one.asString("");
				}
			}
			return only;
		}
		if (type != null && type.isString()) {
			return type.asString();
		}
		if (isObjectSchema(schema)) {
			return "object";
		}
		return schema.has("items") ? "array" : "any";
	}

	private static JsonNode integer(long value) {
		return (value == (int) value) ? Json.MAPPER.getNodeFactory().numberNode((int) value)
				: Json.MAPPER.getNodeFactory().numberNode(value);
	}

	private static boolean isObjectSchema(JsonNode schema) {
		return schema.path("type").asString("").equals("object") || schema.has("properties")
				|| schema.has("required");
	}

	private @Nullable ObjectNode object(JsonNode schema, int depth) {
		Map<String, JsonNode> properties = properties(schema, depth);
		if (properties == null) {
			return null;
		}
		ObjectNode object = Json.object();
		properties.forEach(object::set);
		return object;
	}

	private static boolean isNull(JsonNode schema) {
		return schema.path("type").asString("").equals("null");
	}

	/**
	 * The required properties of an object schema and of the object schemas it is made of
	 * with {@code allOf}, each generated against every schema that declares it; {@code null}
	 * in rich mode if one of them meets a recursion.
	 */
	private @Nullable Map<String, JsonNode> properties(JsonNode schema, int depth) {
		Map<String, List<JsonNode>> declared = new LinkedHashMap<>();
		Set<String> required = new LinkedHashSet<>();
		collect(schema, declared, required, 0);
		Map<String, JsonNode> values = new LinkedHashMap<>();
		for (String name : required) {
			List<JsonNode> schemas = declared.getOrDefault(name, List.of());
			JsonNode property;
			if (schemas.size() == 1) {
				property = schemas.get(0);
			}
			else {
				ObjectNode all = Json.object();
				all.putArray("allOf").addAll(schemas);
				property = all;
			}
			JsonNode value = generate(property, depth + 1);
			if (value == null) {
				return null;
			}
			values.put(name, value);
		}
		return values;
	}

	private void collect(JsonNode schema, Map<String, List<JsonNode>> declared, Set<String> required, int depth) {
		if (depth > MAX_DEPTH) {
			return;
		}
		for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
			declared.computeIfAbsent(property.getKey(), (name) -> new ArrayList<>()).add(property.getValue());
		}
		for (JsonNode name : schema.path("required")) {
			required.add(name.asString());
		}
		for (JsonNode part : parts(schema)) {
			if (isObjectSchema(part) || part.has("allOf") || part.has("$ref")) {
				collect(part, declared, required, depth + 1);
			}
		}
	}

	private @Nullable ArrayNode array(JsonNode schema, int depth) {
		ArrayNode array = Json.array();
		int minimum = schema.path("minItems").asInt(0);
		JsonNode items = schema.path("items");
		// In rich mode one item shows the item's shape, unless the schema allows none.
		int count = (this.rich && items.isObject() && schema.path("maxItems").asInt(1) > 0) ? Math.max(minimum, 1)
				: minimum;
		for (int i = 0; i < count; i++) {
			JsonNode item = generate(items, depth + 1);
			if (item == null) {
				// A recursion: the array ends here if it may.
				return (i >= minimum) ? array : null;
			}
			array.add(item);
		}
		return array;
	}

	private String string(JsonNode schema) {
		String value = switch (schema.path("format").asString("")) {
			case "date-time" -> "1970-01-01T00:00:00Z";
			case "date" -> "1970-01-01";
			case "time" -> "00:00:00Z";
			case "duration" -> "PT1H";
			case "uri", "url" -> "https://example.com";
			case "email" -> "user@example.com";
			case "uuid" -> "00000000-0000-0000-0000-000000000000";
			default -> "";
		};
		int minLength = schema.path("minLength").asInt(0);
		JsonNode pattern = schema.get("pattern");
		if (pattern != null && pattern.isString() && value.isEmpty()) {
			String matching = matching(pattern.asString());
			if (matching != null) {
				return matching;
			}
		}
		if (value.length() < minLength || (pattern != null && value.isEmpty())) {
			value = value + "x".repeat(Math.max(1, minLength - value.length()));
		}
		return value;
	}

	/**
	 * The first of a few common values that a pattern matches (dates and times without an
	 * offset, a letter, a digit, a word), or {@code null}: a value for any pattern would need
	 * a generator of regular expressions, which the schemas clients send do not call for.
	 */
	private @Nullable String matching(String pattern) {
		Pattern compiled = this.patterns.computeIfAbsent(pattern, Pattern::compile);
		for (String candidate : PATTERN_CANDIDATES) {
			if (compiled.matcher(candidate).find()) {
				return candidate;
			}
		}
		return null;
	}

	private static double number(JsonNode schema, boolean integer) {
		double value = 0;
		JsonNode minimum = schema.get("minimum");
		if (minimum != null && minimum.isNumber()) {
			value = Math.max(value, minimum.doubleValue());
		}
		JsonNode exclusiveMinimum = schema.get("exclusiveMinimum");
		if (exclusiveMinimum != null && exclusiveMinimum.isNumber() && value <= exclusiveMinimum.doubleValue()) {
			value = integer ? Math.floor(exclusiveMinimum.doubleValue()) + 1 : exclusiveMinimum.doubleValue() + 1;
		}
		JsonNode maximum = schema.get("maximum");
		if (maximum != null && maximum.isNumber() && value > maximum.doubleValue()) {
			value = maximum.doubleValue();
		}
		return value;
	}

}
