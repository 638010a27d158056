package io.asyncopenai.structured;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.AnnotationIntrospector;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.AnnotatedField;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotatedMethod;
import tools.jackson.databind.introspect.AnnotatedParameter;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.introspect.ClassIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;

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
 * Reads the shapes of one root type and of every type it reaches, through Jackson's own
 * introspection for deserialization: the names, the properties and the subtypes are the ones the
 * mapper will read the answer with.
 */
final class ShapeReader {

	/** OpenAI's limit on the properties of all objects of one schema. */
	static final int MAX_PROPERTIES = 5000;

	/** OpenAI's limit on how deep objects nest in one schema. */
	static final int MAX_NESTING = 10;

	private static final String NOT_NAMED = "strict schemas need every object's properties named; use a record";

	private static final Map<Class<?>, Shape> SCALARS = scalars();

	private final JsonMapper mapper;

	private final DeserializationConfig config;

	private final ClassIntrospector introspector;

	private final AnnotationIntrospector annotations;

	/** Every object and union reached, in the order they were first reached. */
	private final Map<Key, Definition> definitions = new LinkedHashMap<>();

	private final Map<Key, Integer> uses = new HashMap<>();

	private final Set<Key> recursive = new HashSet<>();

	/** The objects and unions being read, from the root down: a key met again among them is a recursion. */
	private final Set<Key> reading = new HashSet<>();

	private final int maxProperties;

	ShapeReader(JsonMapper mapper) {
		this(mapper, MAX_PROPERTIES);
	}

	/** A reader with a lower limit on properties, for tests of the limit. */
	ShapeReader(JsonMapper mapper, int maxProperties) {
		this.maxProperties = maxProperties;
		this.mapper = mapper;
		this.config = mapper.deserializationConfig();
		this.introspector = this.config.classIntrospectorInstance().forOperation(this.config);
		this.annotations = this.config.getAnnotationIntrospector();
	}

	/** Reads the root type, which must be one object, and checks OpenAI's limits. */
	Key readRoot(JavaType type) {
		String name = type.getRawClass().getSimpleName();
		Site site = new Site(name.isEmpty() ? type.toCanonical() : name, type.toCanonical());
		Shape shape = shapeOf(type, site);
		if (!(shape instanceof Ref ref) || !(definition(ref.key()) instanceof ObjectShape)) {
			throw site.unsupported("the root must be an object (a record or a bean), not " + kind(shape)
					+ "; wrap it in a record");
		}
		checkLimits(ref.key(), site);
		return ref.key();
	}

	Definition definition(Key key) {
		Definition definition = this.definitions.get(key);
		if (definition == null) {
			throw new IllegalStateException("Not read: " + key);
		}
		return definition;
	}

	Set<Key> keys() {
		return this.definitions.keySet();
	}

	/** Whether the key is used more than once or within itself, so that it goes to {@code $defs}. */
	boolean isShared(Key key) {
		return this.recursive.contains(key) || this.uses.getOrDefault(key, 0) > 1;
	}

	private Shape shapeOf(JavaType type, Site site) {
		Class<?> raw = type.getRawClass();
		Shape scalar = SCALARS.get(raw);
		if (scalar != null) {
			return scalar;
		}
		if (raw == Optional.class) {
			return OrNull.of(shapeOf(type.getContentType(), site));
		}
		if (raw == byte[].class) {
			throw site.unsupported("Jackson writes byte[] as Base64 text; use a String");
		}
		if (type.isArrayType() || type.isCollectionLikeType()) {
			return new ArrayOf(shapeOf(type.getContentType(), site));
		}
		if (JsonNode.class.isAssignableFrom(raw)) {
			throw site.unsupported("a JsonNode may hold anything, and " + NOT_NAMED);
		}
		if (type.isMapLikeType()) {
			throw site.unsupported(NOT_NAMED);
		}
		if (type.isEnumType()) {
			return enumShape(raw.isEnum() ? raw : raw.getSuperclass(), site);
		}
		if (raw == Object.class) {
			throw site.unsupported(site.declared().equals(Object.class.getName())
					? "java.lang.Object has no fixed shape; use a record"
					: "the type is not resolved (a raw type, a wildcard or an unbound type variable); "
							+ "pass the full type, e.g. new TypeReference<Page<City>>() {}");
		}
		if (raw.isPrimitive() || isPlatformType(raw)) {
			throw site.unsupported(raw.getName() + " has no strict schema here; use a record, a String, "
					+ "a number, a boolean, an enum, a java.time type or a collection of these");
		}
		AnnotatedClass annotated = this.introspector.introspectClassAnnotations(type);
		JsonTypeInfo.Value typeInfo = this.annotations.findPolymorphicTypeInfo(this.config, annotated);
		if (typeInfo != null && typeInfo.getIdType() != JsonTypeInfo.Id.NONE) {
			return polymorphic(type, annotated, typeInfo, site);
		}
		if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
			throw site.unsupported("an interface or abstract class needs Jackson subtypes (@JsonTypeInfo with "
					+ "@JsonSubTypes, or a sealed type) to have a strict schema");
		}
		return object(new Key(type, null), null, site);
	}

	private Shape enumShape(Class<?> type, Site site) {
		List<String> values = new ArrayList<>();
		for (Object constant : type.getEnumConstants()) {
			// The names Jackson writes (and so reads): @JsonProperty, @JsonValue and the mapper's features.
			JsonNode written = this.mapper.valueToTree(constant);
			if (!written.isString()) {
				throw site.unsupported("the enum " + type.getSimpleName() + " is written as " + written.getNodeType()
						+ ", not as strings");
			}
			values.add(written.stringValue());
		}
		return Scalar.oneOf(values);
	}

	private Shape polymorphic(JavaType type, AnnotatedClass annotated, JsonTypeInfo.Value typeInfo, Site site) {
		JsonTypeInfo.Id id = typeInfo.getIdType();
		JsonTypeInfo.As as = typeInfo.getInclusionType();
		if ((id != JsonTypeInfo.Id.NAME && id != JsonTypeInfo.Id.SIMPLE_NAME)
				|| (as != JsonTypeInfo.As.PROPERTY && as != JsonTypeInfo.As.EXISTING_PROPERTY)) {
			throw site.unsupported("only subtypes named in a property (@JsonTypeInfo(use = NAME, include = PROPERTY)) "
					+ "have a strict schema, not " + id + " ids included as " + as);
		}
		String property = (typeInfo.getPropertyName() == null || typeInfo.getPropertyName().isEmpty())
				? id.getDefaultPropertyName() : typeInfo.getPropertyName();
		Map<Class<?>, String> variants = new LinkedHashMap<>();
		for (NamedType named : this.config.getSubtypeResolver().collectAndResolveSubtypesByTypeId(this.config, annotated)) {
			Class<?> subtype = named.getType();
			if (!subtype.isInterface() && !Modifier.isAbstract(subtype.getModifiers())) {
				variants.putIfAbsent(subtype, named.hasName() ? named.getName() : defaultTypeId(subtype, id));
			}
		}
		if (variants.isEmpty()) {
			throw site.unsupported("Jackson knows no concrete subtype of it; list them in @JsonSubTypes");
		}
		if (variants.size() == 1 && variants.containsKey(type.getRawClass())) {
			return object(new Key(type, variants.get(type.getRawClass())), property, site);
		}
		Key key = new Key(type, null);
		Ref ref = use(key);
		if (ref != null) {
			return ref;
		}
		List<Key> keys = new ArrayList<>();
		for (Map.Entry<Class<?>, String> variant : variants.entrySet()) {
			JavaType subtype = this.config.getTypeFactory().constructSpecializedType(type, variant.getKey());
			Site variantSite = new Site(site.where() + " (" + variant.getKey().getSimpleName() + ")", site.declared());
			keys.add(((Ref) object(new Key(subtype, variant.getValue()), property, variantSite)).key());
		}
		return define(key, new Union(nameOf(type), keys));
	}

	/** Jackson's type id of a subtype that has no explicit name. */
	private static String defaultTypeId(Class<?> type, JsonTypeInfo.Id id) {
		if (id == JsonTypeInfo.Id.SIMPLE_NAME) {
			return type.getSimpleName();
		}
		String name = type.getName();
		return name.substring(name.lastIndexOf('.') + 1);
	}

	private Shape object(Key key, @Nullable String discriminator, Site site) {
		Ref ref = use(key);
		if (ref != null) {
			return ref;
		}
		JavaType type = key.type();
		Class<?> raw = type.getRawClass();
		AnnotatedClass annotated = this.introspector.introspectClassAnnotations(type);
		BeanDescription bean = this.introspector.introspectForDeserialization(type, annotated);
		List<Property> properties = new ArrayList<>();
		if (discriminator != null && key.typeId() != null) {
			properties.add(new Property(discriminator, Scalar.oneOf(List.of(key.typeId())), null));
		}
		List<BeanPropertyDefinition> candidates = inDeclarationOrder(bean, annotated);
		// Known once the properties are collected, not before.
		Set<String> ignored = bean.getIgnoredPropertyNames();
		for (BeanPropertyDefinition property : candidates) {
			// Written but never read back (a computed getter), or ignored: not part of the answer.
			if (!property.couldDeserialize() || ignored.contains(property.getName())
					|| ignored.contains(property.getInternalName()) || property.getName().equals(discriminator)) {
				continue;
			}
			Site propertySite = new Site(raw.getSimpleName() + "." + property.getInternalName(),
					declaredType(raw, property));
			if (isUnwrapped(property)) {
				throw propertySite.unsupported("@JsonUnwrapped properties are read flat, which a strict schema "
						+ "of nested objects cannot describe");
			}
			Shape shape = shapeOf(property.getPrimaryType(), propertySite);
			if (isNullable(raw, property)) {
				shape = OrNull.of(shape);
			}
			properties.add(new Property(property.getName(), shape, property.getMetadata().getDescription()));
		}
		String description = this.annotations.findClassDescription(this.config, annotated);
		return define(key, new ObjectShape(nameOf(type), description, List.copyOf(properties)));
	}

	/**
	 * Counts one more use of an object or union; returns its reference when it is already read or
	 * being read (a recursion), or null when it is to be read now.
	 */
	private @Nullable Ref use(Key key) {
		this.uses.merge(key, 1, Integer::sum);
		if (this.reading.contains(key)) {
			this.recursive.add(key);
			return new Ref(key);
		}
		if (this.definitions.containsKey(key)) {
			return new Ref(key);
		}
		this.reading.add(key);
		// Reserves its place, so that $defs list types in the order they are first met.
		this.definitions.put(key, new Union("", List.of()));
		return null;
	}

	private Ref define(Key key, Definition definition) {
		this.reading.remove(key);
		this.definitions.put(key, definition);
		return new Ref(key);
	}

	private List<BeanPropertyDefinition> inDeclarationOrder(BeanDescription bean, AnnotatedClass annotated) {
		List<BeanPropertyDefinition> properties = new ArrayList<>(bean.findProperties());
		// Records come in component order; beans alphabetically (Jackson 3's default), unless
		// @JsonPropertyOrder says otherwise. A bean's fields give the order its author wrote.
		if (bean.isRecordType() || this.annotations.findSerializationPropertyOrder(this.config, annotated) != null) {
			return properties;
		}
		Map<String, Integer> fieldOrder = new HashMap<>();
		List<Class<?>> hierarchy = new ArrayList<>();
		for (Class<?> type = bean.getBeanClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			hierarchy.add(0, type);
		}
		for (Class<?> type : hierarchy) {
			for (Field field : type.getDeclaredFields()) {
				fieldOrder.putIfAbsent(field.getName(), fieldOrder.size());
			}
		}
		properties.sort(Comparator.comparingInt((property) -> fieldOrder.getOrDefault(property.getInternalName(),
				Integer.MAX_VALUE)));
		return properties;
	}

	private boolean isUnwrapped(BeanPropertyDefinition property) {
		AnnotatedMember member = property.getPrimaryMember();
		return member != null && this.annotations.findUnwrappingNameTransformer(this.config, member) != null;
	}

	/**
	 * Whether a property may be null: marked with any annotation named {@code Nullable}, on the
	 * declaration or on its type (JSpecify's is a type-use annotation, found only on the latter).
	 */
	private static boolean isNullable(Class<?> owner, BeanPropertyDefinition property) {
		if (property.getRawPrimaryType().isPrimitive()) {
			return false;
		}
		List<AnnotatedElement> marked = new ArrayList<>();
		List<AnnotatedType> types = new ArrayList<>();
		if (owner.isRecord()) {
			for (RecordComponent component : owner.getRecordComponents()) {
				if (component.getName().equals(property.getInternalName())) {
					marked.add(component);
					types.add(component.getAnnotatedType());
				}
			}
		}
		if (property.getField() != null) {
			Field field = property.getField().getAnnotated();
			marked.add(field);
			types.add(field.getAnnotatedType());
		}
		for (AnnotatedMethod method : new AnnotatedMethod[] { property.getGetter(), property.getSetter() }) {
			if (method != null) {
				Method accessor = method.getAnnotated();
				marked.add(accessor);
				types.add((accessor.getParameterCount() == 0) ? accessor.getAnnotatedReturnType()
						: accessor.getAnnotatedParameterTypes()[0]);
			}
		}
		AnnotatedParameter parameter = property.getConstructorParameter();
		if (parameter != null && parameter.getOwner().getMember() instanceof Executable creator
				&& parameter.getIndex() < creator.getParameterCount()) {
			types.add(creator.getAnnotatedParameterTypes()[parameter.getIndex()]);
			if (hasNullable(creator.getParameterAnnotations()[parameter.getIndex()])) {
				return true;
			}
		}
		for (AnnotatedElement element : marked) {
			if (hasNullable(element.getDeclaredAnnotations())) {
				return true;
			}
		}
		for (AnnotatedType type : types) {
			if (hasNullable(type.getDeclaredAnnotations())) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasNullable(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

	/** The property's type as written in its class, for messages. */
	private static String declaredType(Class<?> owner, BeanPropertyDefinition property) {
		Type type = null;
		if (owner.isRecord()) {
			for (RecordComponent component : owner.getRecordComponents()) {
				if (component.getName().equals(property.getInternalName())) {
					type = component.getGenericType();
				}
			}
		}
		if (type == null && property.getField() != null) {
			type = property.getField().getAnnotated().getGenericType();
		}
		if (type == null && property.getSetter() != null) {
			type = property.getSetter().getAnnotated().getGenericParameterTypes()[0];
		}
		return (type != null) ? type.getTypeName() : property.getPrimaryType().toCanonical();
	}

	private void checkLimits(Key root, Site site) {
		int properties = 0;
		for (Definition definition : this.definitions.values()) {
			if (definition instanceof ObjectShape object) {
				properties += object.properties().size();
			}
		}
		if (properties > this.maxProperties) {
			throw site.unsupported("its objects have " + properties + " properties in all, over OpenAI's limit of "
					+ this.maxProperties + " properties");
		}
		Depth nesting = nesting(new Ref(root), new HashSet<>(), new HashMap<>());
		if (nesting.levels() > MAX_NESTING) {
			throw site.unsupported("its objects nest " + nesting.levels() + " levels deep (" + site.where() + "."
					+ String.join(".", nesting.path()) + "), over OpenAI's limit of " + MAX_NESTING
					+ " levels of nesting");
		}
	}

	/** How many objects deep a shape goes, a recursion counting once, and the properties of its deepest path. */
	private Depth nesting(Shape shape, Set<Key> open, Map<Key, Depth> known) {
		if (shape instanceof ArrayOf array) {
			return nesting(array.items(), open, known);
		}
		if (shape instanceof OrNull nullable) {
			return nesting(nullable.value(), open, known);
		}
		if (!(shape instanceof Ref ref) || open.contains(ref.key())) {
			return Depth.NONE;
		}
		Depth depth = known.get(ref.key());
		if (depth != null) {
			return depth;
		}
		open.add(ref.key());
		Depth deepest = Depth.NONE;
		Definition definition = definition(ref.key());
		if (definition instanceof ObjectShape object) {
			for (Property property : object.properties()) {
				Depth child = nesting(property.shape(), open, known);
				if (child.levels() > deepest.levels()) {
					deepest = child.below(property.name());
				}
			}
			deepest = new Depth(deepest.levels() + 1, deepest.path());
		}
		else if (definition instanceof Union union) {
			// anyOf adds no level: each variant is an object at the union's place.
			for (Key variant : union.variants()) {
				Depth child = nesting(new Ref(variant), open, known);
				deepest = (child.levels() > deepest.levels()) ? child : deepest;
			}
		}
		open.remove(ref.key());
		known.put(ref.key(), deepest);
		return deepest;
	}

	/**
	 * How deep objects nest below a point.
	 * @param levels the objects on the deepest path
	 * @param path the property names along it
	 */
	private record Depth(int levels, List<String> path) {

		static final Depth NONE = new Depth(0, List.of());

		Depth below(String property) {
			List<String> longer = new ArrayList<>(this.path.size() + 1);
			longer.add(property);
			longer.addAll(this.path);
			return new Depth(this.levels, longer);
		}

	}

	/** The name of a type in {@code $defs}: its simple name, and those of its type arguments. */
	static String nameOf(JavaType type) {
		StringBuilder name = new StringBuilder(type.getRawClass().getSimpleName());
		for (int i = 0; i < type.containedTypeCount(); i++) {
			name.append('_').append(nameOf(type.containedType(i)));
		}
		return name.toString();
	}

	private static String kind(Shape shape) {
		if (shape instanceof ArrayOf) {
			return "an array";
		}
		if (shape instanceof OrNull) {
			return "an optional value";
		}
		if (shape instanceof Scalar scalar) {
			return (scalar.values() != null) ? "an enum" : "a " + scalar.type();
		}
		return "a union of subtypes";
	}

	private static boolean isPlatformType(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.");
	}

	private static Map<Class<?>, Shape> scalars() {
		Map<Class<?>, Shape> scalars = new HashMap<>();
		Shape string = Scalar.of("string");
		for (Class<?> type : List.of(String.class, CharSequence.class, char[].class, URI.class)) {
			scalars.put(type, string);
		}
		// Jackson reads a char from a string of one character only.
		scalars.put(char.class, Scalar.matching("^.$"));
		scalars.put(Character.class, Scalar.matching("^.$"));
		Shape integer = Scalar.of("integer");
		for (Class<?> type : List.of(byte.class, Byte.class, short.class, Short.class, int.class, Integer.class,
				long.class, Long.class, BigInteger.class)) {
			scalars.put(type, integer);
		}
		Shape number = Scalar.of("number");
		for (Class<?> type : List.of(float.class, Float.class, double.class, Double.class, BigDecimal.class)) {
			scalars.put(type, number);
		}
		scalars.put(boolean.class, Scalar.of("boolean"));
		scalars.put(Boolean.class, Scalar.of("boolean"));
		scalars.put(OptionalInt.class, OrNull.of(integer));
		scalars.put(OptionalLong.class, OrNull.of(integer));
		scalars.put(OptionalDouble.class, OrNull.of(number));
		scalars.put(UUID.class, Scalar.formatted("uuid"));
		scalars.put(LocalDate.class, Scalar.formatted("date"));
		scalars.put(OffsetTime.class, Scalar.formatted("time"));
		scalars.put(OffsetDateTime.class, Scalar.formatted("date-time"));
		scalars.put(ZonedDateTime.class, Scalar.formatted("date-time"));
		scalars.put(Instant.class, Scalar.formatted("date-time"));
		scalars.put(Duration.class, Scalar.formatted("duration"));
		// JSON Schema's date-time and time carry an offset, which Jackson refuses for the local
		// types ("10:15:30Z" is no LocalTime): a pattern without one instead.
		scalars.put(LocalDateTime.class,
				Scalar.matching("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$"));
		scalars.put(LocalTime.class, Scalar.matching("^\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$"));
		return Map.copyOf(scalars);
	}

	/**
	 * Where a type is met, for messages.
	 * @param where the class and property, e.g. {@code WeatherQuery.extra}
	 * @param declared the property's type as declared
	 */
	record Site(String where, String declared) {

		IllegalArgumentException unsupported(String reason) {
			String type = declared.equals(where) ? "" : " (" + declared + ")";
			return new IllegalArgumentException("Cannot make a strict JSON schema for " + where + type + ": " + reason);
		}

	}

}
