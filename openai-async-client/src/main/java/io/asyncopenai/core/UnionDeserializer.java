package io.asyncopenai.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.util.JsonParserSequence;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Reads a union of the API description into the variant its JSON fits: by the JSON's kind
 * (string, number, array, object…), then, for objects, by the discriminator's value and the
 * required fields; of several that fit, the first that binds. JSON that fits no variant, or
 * binds to none of those it seemed to fit, becomes the union's {@code Unknown} variant with the
 * JSON kept, so that a kind added to the API later never fails a response. An object whose
 * discriminator names a variant is that variant, read from the input as it arrives (without a
 * tree), and fails the read, as any typed field does, when its fields do not fit the variant's
 * types. Generated unions name a subclass of it in {@code @JsonDeserialize}.
 *
 * @param <U> the union type
 */
public abstract class UnionDeserializer<U> extends ValueDeserializer<U> {

	private final List<Variant<U, ?>> variants;

	private final Function<JsonNode, U> unknown;

	/** The discriminator all object variants share, if they do: events are told apart by one lookup. */
	private final @Nullable String discriminator;

	private final Map<String, Variant<U, ?>> byDiscriminator = new HashMap<>();

	/**
	 * A deserializer trying variants in order.
	 * @param variants the variants, most specific first
	 * @param unknown makes the union's unknown variant from JSON
	 */
	protected UnionDeserializer(List<Variant<U, ?>> variants, Function<JsonNode, U> unknown) {
		this.variants = variants;
		this.unknown = unknown;
		Set<String> discriminators = new HashSet<>();
		for (Variant<U, ?> variant : variants) {
			if (variant.kind == Kind.OBJECT) {
				discriminators.add(String.valueOf(variant.discriminator));
				variant.values.forEach((value) -> this.byDiscriminator.putIfAbsent(value, variant));
			}
		}
		this.discriminator = (discriminators.size() == 1 && !discriminators.contains("null"))
				? discriminators.iterator().next() : null;
	}

	@Override
	public U deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
		if (this.discriminator != null && parser.currentToken() == JsonToken.START_OBJECT) {
			return deserializeByDiscriminator(parser, context);
		}
		return deserialize(context.readTree(parser), context);
	}

	/**
	 * Reads an object of a union whose object variants share a discriminator. The properties
	 * before the discriminator (the API writes it first, or after an {@code id}) are buffered;
	 * then the variant it names reads them and the rest straight from the input, as Jackson's
	 * own polymorphic types do. Only JSON the discriminator does not settle becomes a tree.
	 */
	private U deserializeByDiscriminator(JsonParser parser, DeserializationContext context) {
		TokenBuffer head = context.bufferForInputBuffering(parser);
		head.writeStartObject();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			if (!this.discriminator.equals(parser.currentName())) {
				head.copyCurrentStructure(parser);
				continue;
			}
			JsonToken value = parser.nextToken();
			Variant<U, ?> named = (value == JsonToken.VALUE_STRING) ? this.byDiscriminator.get(parser.getString()) : null;
			head.writeName(this.discriminator);
			head.copyCurrentStructure(parser);
			parser.clearCurrentToken();
			// Not closed: closing the sequence would close the input it continues with.
			JsonParser object = JsonParserSequence.createFlattened(false, head.asParser(context, parser), parser);
			object.nextToken();
			return (named != null) ? named.bind(object, context) : deserialize(context.readTree(object), context);
		}
		head.writeEndObject();
		try (JsonParser object = head.asParserOnFirstToken(context)) {
			return deserialize(context.readTree(object), context);
		}
	}

	private U deserialize(JsonNode node, DeserializationContext context) {
		for (Variant<U, ?> variant : candidates(node)) {
			try {
				return variant.bind(node, context);
			}
			catch (JacksonException ex) {
				// Fits the variant's shape but not its types (two array variants, say): try the next.
			}
		}
		return this.unknown.apply(node);
	}

	/**
	 * The variants JSON may be, in the order to try them: the one its discriminator names, else
	 * every one whose kind and required fields fit.
	 */
	private List<Variant<U, ?>> candidates(JsonNode node) {
		List<Variant<U, ?>> candidates = new ArrayList<>();
		for (Variant<U, ?> variant : this.variants) {
			if (!variant.kind.fits(node)) {
				continue;
			}
			if (variant.kind == Kind.OBJECT) {
				JsonNode value = (variant.discriminator != null) ? node.get(variant.discriminator) : null;
				if (value != null && value.isString()) {
					if (variant.values.contains(value.stringValue())) {
						return List.of(variant);
					}
					continue;
				}
				if (!variant.requiredPresent(node)) {
					continue;
				}
			}
			candidates.add(variant);
		}
		return candidates;
	}

	/** The JSON kinds variants are told apart by. */
	public enum Kind {

		/** A JSON string. */
		STRING,
		/** A JSON integer. */
		INTEGER,
		/** Any JSON number. */
		NUMBER,
		/** {@code true} or {@code false}. */
		BOOLEAN,
		/** A JSON array. */
		ARRAY,
		/** A JSON object. */
		OBJECT,
		/** Any JSON. */
		ANY;

		boolean fits(JsonNode node) {
			return switch (this) {
				case STRING -> node.isString();
				case INTEGER -> node.isIntegralNumber();
				case NUMBER -> node.isNumber();
				case BOOLEAN -> node.isBoolean();
				case ARRAY -> node.isArray();
				case OBJECT -> node.isObject();
				case ANY -> true;
			};
		}

	}

	/**
	 * One variant: the JSON it fits, the type it binds to, and how a bound value becomes the union.
	 *
	 * @param <U> the union type
	 * @param <V> the bound type
	 */
	public static final class Variant<U, V> {

		final Kind kind;

		private final TypeReference<V> type;

		private final Function<V, U> wrap;

		@Nullable String discriminator;

		Set<String> values = Set.of();

		private List<String> required = List.of();

		private volatile @Nullable JavaType javaType;

		private volatile @Nullable ValueDeserializer<Object> deserializer;

		private Variant(Kind kind, TypeReference<V> type, Function<V, U> wrap) {
			this.kind = kind;
			this.type = type;
			this.wrap = wrap;
		}

		/**
		 * A variant.
		 * @param kind the JSON kind it fits
		 * @param type the type its JSON binds to
		 * @param wrap makes the union value of a bound value
		 * @param <U> the union type
		 * @param <V> the bound type
		 * @return the variant
		 */
		public static <U, V> Variant<U, V> of(Kind kind, TypeReference<V> type, Function<V, U> wrap) {
			return new Variant<>(kind, type, wrap);
		}

		/**
		 * The property whose value names this variant.
		 * @param property the property
		 * @param values the values that name this variant
		 * @return this variant
		 */
		public Variant<U, V> discriminator(String property, String... values) {
			this.discriminator = property;
			this.values = Set.of(values);
			return this;
		}

		/**
		 * The properties JSON of this variant always has.
		 * @param properties the properties
		 * @return this variant
		 */
		public Variant<U, V> required(String... properties) {
			this.required = Arrays.asList(properties);
			return this;
		}

		boolean requiredPresent(JsonNode node) {
			for (String property : this.required) {
				if (!node.has(property)) {
					return false;
				}
			}
			return true;
		}

		U bind(JsonNode node, DeserializationContext context) {
			return this.wrap.apply(context.readTreeAsValue(node, javaType(context)));
		}

		@SuppressWarnings("unchecked")
		U bind(JsonParser parser, DeserializationContext context) {
			ValueDeserializer<Object> resolved = this.deserializer;
			if (resolved == null) {
				// Found once: Jackson contextualizes a root deserializer anew on every lookup.
				resolved = context.findRootValueDeserializer(javaType(context));
				this.deserializer = resolved;
			}
			return this.wrap.apply((V) resolved.deserialize(parser, context));
		}

		private JavaType javaType(DeserializationContext context) {
			JavaType resolved = this.javaType;
			if (resolved == null) {
				resolved = context.getTypeFactory().constructType(this.type);
				this.javaType = resolved;
			}
			return resolved;
		}

	}

}
