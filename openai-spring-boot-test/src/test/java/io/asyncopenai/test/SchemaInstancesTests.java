package io.asyncopenai.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaInstancesTests {

	private static final JsonNode COMPONENTS = Http.json("""
			{
			  "Named": {"type": "object", "required": ["kind"],
			    "properties": {"kind": {"type": "string", "enum": ["a", "b"]}}},
			  "Other": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
			}""");

	private final SchemaInstances schemas = new SchemaInstances(COMPONENTS);

	@Test
	void generatesRequiredPropertiesOnly() {
		assertThat(generate("""
				{"type": "object", "required": ["name", "count"], "properties": {
				  "name": {"type": "string", "minLength": 3},
				  "count": {"type": "integer", "exclusiveMinimum": 0},
				  "optional": {"type": "string"}}}""")).isEqualTo(Http.json("{\"name\": \"xxx\", \"count\": 1}"));
	}

	@Test
	void generatesConstantsEnumsAndDefaults() {
		assertThat(generate("{\"type\": \"string\", \"enum\": [\"list\"], \"x-stainless-const\": true}").asString())
			.isEqualTo("list");
		assertThat(generate("{\"type\": \"string\", \"enum\": [\"low\", \"high\"]}").asString()).isEqualTo("low");
		assertThat(generate("{\"type\": \"number\", \"minimum\": 0, \"maximum\": 2, \"default\": 1}").asInt())
			.isEqualTo(1);
		assertThat(generate("{\"type\": \"string\", \"format\": \"uri\"}").asString()).isEqualTo("https://example.com");
		assertThat(generate("{\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}").asString()).isEqualTo("x");
	}

	@Test
	void generatesTheFirstVariantThatIsValid() {
		assertThat(generate("{\"anyOf\": [{\"$ref\": \"#/components/schemas/Named\"}, {\"type\": \"null\"}]}"))
			.isEqualTo(Http.json("{\"kind\": \"a\"}"));
		// The first variant's value "x" is valid against both: oneOf wants exactly one.
		assertThat(generate("""
				{"oneOf": [{"type": "string", "minLength": 1}, {"type": "string", "maxLength": 5}]}""").asString())
			.isEmpty();
	}

	@Test
	void mergesTheParts() {
		assertThat(generate("""
				{"allOf": [{"$ref": "#/components/schemas/Other"},
				  {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["c"]}}}]}"""))
			.isEqualTo(Http.json("{\"id\": \"\", \"kind\": \"c\"}"));
	}

	@Test
	void checksAsJsonSchemaDoes() {
		JsonNode integer = Http.json("{\"type\": \"integer\"}");
		assertThat(this.schemas.conforms(Http.json("1.0"), integer)).isTrue();
		assertThat(this.schemas.conforms(Http.json("1.5"), integer)).isFalse();
		JsonNode closed = Http.json("{\"type\": \"object\", \"properties\": {\"a\": {}}, \"additionalProperties\": false}");
		assertThat(this.schemas.conforms(Http.json("{\"a\": 1}"), closed)).isTrue();
		assertThat(this.schemas.conforms(Http.json("{\"b\": 1}"), closed)).isFalse();
		JsonNode twice = Http.json("{\"oneOf\": [{\"type\": \"string\"}, {\"minLength\": 1}]}");
		assertThat(this.schemas.conforms(Http.json("\"abc\""), twice)).isFalse();
		assertThat(this.schemas.conforms(Http.json("\"\""), twice)).isTrue();
		assertThat(this.schemas.conforms(Http.json("{\"kind\": \"z\"}"),
				Http.json("{\"$ref\": \"#/components/schemas/Named\"}"))).isFalse();
	}

	@Test
	void aStandaloneSchemaResolvesItsOwnDefinitionsAndStopsRecursionAtAnEmptyArrayOrNull() {
		JsonNode schema = Http.json("""
				{"type": "object", "required": ["node", "tags", "maybe"], "properties": {
				  "node": {"$ref": "#/$defs/node"},
				  "tags": {"type": "array", "items": {"type": "string", "format": "date"}},
				  "maybe": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 2}]}},
				 "$defs": {"node": {"type": "object", "required": ["next", "children"], "properties": {
				  "next": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]},
				  "children": {"type": "array", "items": {"$ref": "#"}}}}}}""");
		SchemaInstances standalone = SchemaInstances.of(schema);
		JsonNode value = standalone.generate(schema);
		assertThat(value).isEqualTo(Http.json(
				"{\"node\": {\"next\": null, \"children\": []}, \"tags\": [\"1970-01-01\"], \"maybe\": 2}"));
		assertThat(standalone.conforms(value, schema)).isTrue();
		assertThat(standalone.conforms(Http.json("{\"node\": {\"next\": 1, \"children\": []}, \"tags\": [], "
				+ "\"maybe\": null}"), schema)).isFalse();
	}

	@Test
	void aStringWithAPatternGetsACommonValueThePatternMatches() {
		JsonNode schema = Http.json("""
				{"type": "object", "required": ["local", "time", "letter", "odd"], "properties": {
				  "local": {"type": "string", "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}(:\\\\d{2})?$"},
				  "time": {"type": "string", "pattern": "^\\\\d{2}:\\\\d{2}:\\\\d{2}$"},
				  "letter": {"type": "string", "pattern": "^.$"},
				  "odd": {"type": "string", "pattern": "^[q]{3}$"}}}""");
		SchemaInstances standalone = SchemaInstances.of(schema);
		JsonNode value = standalone.generate(schema);
		assertThat(value.path("local").asString()).isEqualTo("1970-01-01T00:00:00");
		assertThat(value.path("time").asString()).isEqualTo("00:00:00");
		assertThat(value.path("letter").asString()).isEqualTo("x");
		// No common value fits: the value says so by not conforming, rather than being made up.
		assertThat(value.path("odd").asString()).isEqualTo("x");
	}

	@Test
	void descriptionIsReadAsJsonSchema202012() {
		JsonNode description = OpenAPISchemas.DESCRIPTION;
		List<String> leftovers = new ArrayList<>();
		collectLeftovers(description.path("components").path("schemas"), "#/components/schemas", leftovers);
		assertThat(leftovers).isEmpty();
		assertThat(description.at("/components/schemas/CompoundFilter/properties/filters/items/oneOf/1/$ref").asString())
			.isEqualTo("#/components/schemas/CompoundFilter");
		SchemaInstances instances = new SchemaInstances(description.path("components").path("schemas"));
		// "stop" of the legacy completion request was written with 3.0's nullable.
		JsonNode stop = description.at("/components/schemas/CreateCompletionRequest/properties/stop");
		assertThat(instances.conforms(Http.json("null"), stop)).isTrue();
		assertThat(OpenAPISchemas.validate("CreateCompletionRequest",
				Http.json("{\"model\": \"gpt-3.5-turbo-instruct\", \"prompt\": \"Hi\", \"stop\": null}"))).isEmpty();
	}

	/** Finds 3.0 keywords a 2020-12 validator would misread: {@code nullable}, boolean bounds, {@code $recursiveRef}. */
	private static void collectLeftovers(JsonNode node, String path, List<String> leftovers) {
		if (node.isObject()) {
			if (node.has("nullable") && node.get("nullable").isBoolean()
					|| node.path("exclusiveMinimum").isBoolean() || node.has("$recursiveRef")) {
				leftovers.add(path);
			}
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (!entry.getKey().startsWith("x-") && !entry.getKey().equals("example")) {
					collectLeftovers(entry.getValue(), path + "/" + entry.getKey(), leftovers);
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collectLeftovers(node.get(i), path + "/" + i, leftovers);
			}
		}
	}

	private JsonNode generate(String schema) {
		JsonNode node = Http.json(schema);
		JsonNode value = this.schemas.generate(node);
		assertThat(this.schemas.conforms(value, node)).as(value.toString()).isTrue();
		return value;
	}

}
