package io.asyncopenai.aot.shapes;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.core.JsonParser;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An undiscriminated union, as the generator writes one: a text or a list of parts.
 */
@JsonDeserialize(using = Content.Deserializer.class)
public sealed interface Content {

	/**
	 * The text variant.
	 *
	 * @param value the text
	 */
	record OfString(@JsonValue String value) implements Content {

	}

	/**
	 * The parts variant.
	 *
	 * @param value the parts
	 */
	record OfParts(@JsonValue List<Part> value) implements Content {

	}

	/**
	 * JSON that matches no variant.
	 *
	 * @param json the JSON
	 */
	record Unknown(@JsonValue JsonNode json) implements Content {

	}

	/**
	 * Reads a {@link Content} by the kind of its JSON.
	 */
	final class Deserializer extends ValueDeserializer<Content> {

		// An anonymous subclass keeps the generic type, which Jackson reads reflectively.
		private static final TypeReference<List<Part>> PARTS = new TypeReference<List<Part>>() {
		};

		@Override
		public Content deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode json = context.readTree(parser);
			if (json.isString()) {
				return new OfString(json.asString());
			}
			if (json.isArray()) {
				return new OfParts(context.readTreeAsValue(json, context.getTypeFactory().constructType(PARTS)));
			}
			return new Unknown(json);
		}

	}

}
