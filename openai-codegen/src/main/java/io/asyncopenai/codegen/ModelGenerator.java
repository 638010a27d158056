package io.asyncopenai.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.lang.model.element.Modifier;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Turns the description's schemas into Java: objects into records with builders, unions into
 * sealed interfaces whose variants wrap or are the variant types, enums into {@code String}s
 * with a class of constants. Named schemas become top-level types in the package the
 * {@link Placement} chose; inline ones nest in the type that uses them.
 */
final class ModelGenerator {

	private final Spec spec;

	private final Placement placement;

	private final ResourceMap map;

	/** For each schema that is a subtype variant, the unions it implements. */
	private final Map<String, List<ClassName>> subtypeOf = new HashMap<>();

	/** The components of every record, for the accessors its subtype unions share. */
	private final Map<ClassName, List<Field>> recordFields = new HashMap<>();

	/** Unions whose variants are their subtypes, with the schemas of those variants. */
	private final Map<ClassName, List<String>> subtypeUnions = new LinkedHashMap<>();

	/** Top-level declarations by schema name. */
	private final Map<String, ClassName> declared = new LinkedHashMap<>();

	/** What a named schema that is not declared stands for. */
	private final Map<String, JType> aliases = new HashMap<>();

	private final Set<String> resolving = new HashSet<>();

	private final Map<ClassName, TypeSpec> topLevel = new LinkedHashMap<>();

	/** The value types of each union's {@code of(…)} factories, for the builders' overloads. */
	private final Map<ClassName, List<TypeName>> unionFactories = new HashMap<>();

	/** Holders of inline types used by aliases: created only when something nests in them. */
	private final Map<String, Nest> aliasHolders = new LinkedHashMap<>();

	/** The named schema being generated, for {@code $recursiveRef}. */
	private String current;

	/**
	 * Declares the schemas' types, placed without package cycles.
	 * @param paramsReferences what the params types of each package refer to, given the declared schemas
	 */
	ModelGenerator(Spec spec, ResourceMap map, Placement placement,
			java.util.function.Function<Set<String>, Map<String, Set<String>>> paramsReferences) {
		this.spec = spec;
		this.map = map;
		this.placement = placement;
		Set<String> declaredNames = new LinkedHashSet<>();
		for (String name : spec.schemas.keySet()) {
			Schema<?> schema = unwrapNullable(spec.schema(name));
			if (declares(schema) && !placement.isHandwritten(name)) {
				declaredNames.add(name);
			}
		}
		// Aliases whose inline types nest in a holder class of their own are placed like types.
		Set<String> placed = new LinkedHashSet<>(declaredNames);
		for (String name : spec.schemas.keySet()) {
			if (!declaredNames.contains(name) && !placement.isHandwritten(name) && nests(spec.schema(name))) {
				placed.add(name);
			}
		}
		Set<String> referable = new LinkedHashSet<>(placed);
		spec.schemas.keySet().stream().filter(placement::isHandwritten).forEach(referable::add);
		placement.keepAcyclic(spec, placed, paramsReferences.apply(referable));
		declaredNames.forEach((name) -> this.declared.put(name, placement.className(name)));
		map.models.forEach((name, model) -> {
			if (model.subtypeVariants()) {
				List<String> variants = Placement.subtypeVariants(spec, name);
				ClassName union = this.declared.get(name);
				ClassName unknown = union.peerClass("Unknown" + union.simpleName());
				if (this.declared.containsValue(unknown)) {
					throw new IllegalStateException("The unknown variant of " + name + " would be " + unknown
							+ ", which a schema is named already");
				}
				this.subtypeUnions.put(union, variants);
				variants.forEach((variant) -> this.subtypeOf.computeIfAbsent(variant, (key) -> new ArrayList<>())
					.add(this.declared.get(name)));
			}
		});
	}

	/** Whether a named schema becomes a type of its own: objects, unions and enums do. */
	private boolean declares(Schema<?> schema) {
		if (schema.get$ref() != null) {
			return false;
		}
		if (Spec.isObject(schema)) {
			return true;
		}
		List<Schema> union = Spec.unionOf(schema);
		if (union != null) {
			List<Schema> variants = nonNull(union);
			return variants.size() > 1 && !allStrings(variants) && !allNumbers(variants);
		}
		return schema.getEnum() != null && enumValues(schema).size() > 1;
	}

	/** Whether resolving a schema declares a nested type: an inline object, union or enum. */
	@SuppressWarnings("rawtypes")
	private boolean nests(Schema<?> schema) {
		if (schema == null || schema.get$ref() != null || Spec.isRecursiveRef(schema)) {
			return false;
		}
		List<Schema> union = Spec.unionOf(schema);
		if (union != null && !Spec.isObject(schema)) {
			List<Schema> variants = nonNull(union);
			if (variants.size() == 1) {
				return nests(variants.get(0));
			}
			if (allStrings(variants)) {
				Set<String> values = new LinkedHashSet<>();
				variants.forEach((variant) -> values.addAll(enumValues(this.spec.deref(variant))));
				return values.size() > 1;
			}
			return !variants.isEmpty() && !allNumbers(variants);
		}
		List<Schema<?>> allOf = Spec.allOfParts(schema);
		if ((schema.getProperties() == null || schema.getProperties().isEmpty()) && allOf.size() == 1
				&& !Spec.isObject(schema)) {
			return nests(allOf.get(0));
		}
		if (Spec.isObject(schema)) {
			return true;
		}
		if (schema.getEnum() != null) {
			return enumValues(schema).size() > 1;
		}
		if (schema.getItems() != null) {
			return nests(schema.getItems());
		}
		return schema.getAdditionalProperties() instanceof Schema<?> values && nests(values);
	}

	/** Every generated model type, by class name. */
	Map<ClassName, TypeSpec> generate() {
		for (String name : this.declared.keySet()) {
			declare(name);
		}
		this.subtypeUnions.forEach(this::addSharedAccessors);
		for (Nest holder : this.aliasHolders.values()) {
			if (!holder.nested.isEmpty()) {
				TypeSpec.Builder builder = TypeSpec.classBuilder(holder.owner)
					.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
					.addJavadoc("Types nested in the schema {@code $L}.\n", holder.owner.simpleName())
					.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
				holder.nested.forEach(builder::addType);
				this.topLevel.put(holder.owner, builder.build());
			}
		}
		return this.topLevel;
	}

	/** Generates a named schema's type, once. */
	private void declare(String name) {
		ClassName className = this.declared.get(name);
		if (this.topLevel.containsKey(className)) {
			return;
		}
		String previous = this.current;
		this.current = name;
		Schema<?> schema = unwrapNullable(this.spec.schema(name));
		Nest nest = new Nest(className, null);
		TypeSpec type;
		if (Spec.isObject(schema)) {
			type = record(className, schema, nest, null, null, name);
		}
		else if (Spec.unionOf(schema) != null) {
			// Claimed before generation: a builder asking for this union's factories comes back here.
			this.unionFactories.put(className, new ArrayList<>());
			type = union(className, schema, nonNull(Spec.unionOf(schema)), nest);
		}
		else {
			type = constants(className, enumValues(schema), schema.getDescription(), true);
		}
		this.topLevel.put(className, type);
		this.current = previous;
	}

	/** The value types of a union's {@code of(…)} factories; none for types that are not unions. */
	List<TypeName> unionFactories(TypeName type) {
		if (!(type.withoutAnnotations() instanceof ClassName className)) {
			return List.of();
		}
		if (!this.unionFactories.containsKey(className)) {
			this.declared.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(className))
				.findFirst()
				.filter((entry) -> Spec.unionOf(unwrapNullable(this.spec.schema(entry.getKey()))) != null
						&& !Spec.isObject(unwrapNullable(this.spec.schema(entry.getKey()))))
				.ifPresent((entry) -> declare(entry.getKey()));
		}
		return this.unionFactories.getOrDefault(className, List.of());
	}

	/** The Java type of a schema used somewhere, declaring nested types in {@code nest}. */
	JType resolve(Schema<?> schema, Nest nest, String suggested) {
		if (schema == null) {
			return new JType(Types.JSON_NODE, true);
		}
		if (schema.get$ref() != null) {
			return resolveNamed(Spec.refName(schema.get$ref()));
		}
		if (Spec.isRecursiveRef(schema)) {
			return resolveNamed(this.current);
		}
		boolean nullable = Spec.nullable(schema);
		List<Schema> union = Spec.unionOf(schema);
		if (union != null && !Spec.isObject(schema)) {
			List<Schema> variants = nonNull(union);
			nullable |= variants.size() < union.size();
			if (variants.isEmpty()) {
				return new JType(Types.JSON_NODE, true);
			}
			if (variants.size() == 1) {
				JType only = resolve(variants.get(0), nest, suggested);
				return new JType(only.type, only.nullable || nullable);
			}
			if (allStrings(variants)) {
				Set<String> values = new LinkedHashSet<>();
				variants.forEach((variant) -> values.addAll(enumValues(this.spec.deref(variant))));
				if (values.size() > 1) {
					nest.add(constants(nest.reserve(suggested), new ArrayList<>(values), null, false));
				}
				return new JType(Types.STRING, nullable);
			}
			if (allNumbers(variants)) {
				return new JType(ClassName.get(Double.class), nullable);
			}
			ClassName name = nest.reserve(suggested);
			nest.add(union(name, schema, variants, new Nest(name, nest)));
			return new JType(name, nullable);
		}
		List<Schema<?>> allOf = Spec.allOfParts(schema);
		if ((schema.getProperties() == null || schema.getProperties().isEmpty()) && allOf.size() == 1
				&& !Spec.isObject(schema)) {
			JType only = resolve(allOf.get(0), nest, suggested);
			return new JType(only.type, only.nullable || nullable || Spec.allOfNullable(schema));
		}
		if (Spec.isObject(schema)) {
			ClassName name = nest.reserve(suggested);
			nest.add(record(name, schema, new Nest(name, nest), null, null, null));
			return new JType(name, nullable);
		}
		if (schema.getEnum() != null) {
			List<String> values = enumValues(schema);
			if (values.size() > 1) {
				nest.add(constants(nest.reserve(suggested), values, null, false));
			}
			TypeName type = (schema.getEnum().stream().filter(Objects::nonNull).allMatch(String.class::isInstance))
					? Types.STRING : scalar(Spec.types(schema));
			return new JType(type, nullable);
		}
		if (schema.getConst() != null) {
			return new JType(Types.STRING, nullable);
		}
		Set<String> types = Spec.types(schema);
		if (types.size() > 1) {
			return new JType(Types.JSON_NODE, nullable);
		}
		if (types.contains("array")) {
			JType item = resolve(schema.getItems(), nest, Names.singular(suggested));
			return new JType(Types.listOf(item.type), nullable);
		}
		if (types.contains("object") || schema.getAdditionalProperties() != null) {
			Object additional = schema.getAdditionalProperties();
			if (additional instanceof Schema<?> values && values.getBooleanSchemaValue() == null) {
				JType value = resolve(values, nest, suggested + "Value");
				return new JType(Types.mapOf(value.type), nullable);
			}
			return new JType(Types.mapOf(Types.JSON_NODE), nullable);
		}
		if (Spec.isBinary(schema)) {
			return new JType(Types.UPLOAD_FILE, nullable);
		}
		return new JType(scalar(types), nullable);
	}

	private static TypeName scalar(Set<String> types) {
		if (types.contains("string")) {
			return Types.STRING;
		}
		if (types.contains("integer")) {
			return ClassName.get(Long.class);
		}
		if (types.contains("number")) {
			return ClassName.get(Double.class);
		}
		if (types.contains("boolean")) {
			return ClassName.get(Boolean.class);
		}
		return Types.JSON_NODE;
	}

	JType resolveNamed(String name) {
		ClassName declaredName = this.declared.get(name);
		Schema<?> schema = this.spec.schema(name);
		Schema<?> unwrapped = unwrapNullable(schema);
		if (declaredName != null && !Spec.isObject(unwrapped) && Spec.unionOf(unwrapped) == null) {
			// An enum: the value is a String; the declared class only holds its constants.
			return new JType(Types.STRING, Spec.nullable(schema) || unionHasNull(schema));
		}
		if (declaredName != null) {
			return new JType(declaredName, Spec.nullable(schema) || unionHasNull(schema));
		}
		ClassName handwritten = this.placement.handwritten(name);
		if (handwritten != null) {
			return new JType(handwritten, Spec.nullable(schema) || unionHasNull(schema));
		}
		JType alias = this.aliases.get(name);
		if (alias != null) {
			return alias;
		}
		if (!this.resolving.add(name)) {
			return new JType(Types.JSON_NODE, true);
		}
		String previous = this.current;
		this.current = name;
		Nest holder = this.aliasHolders.computeIfAbsent(name, (key) -> new Nest(this.placement.className(key), null));
		JType resolved = resolve(schema, holder, Names.pascal(name));
		this.current = previous;
		this.resolving.remove(name);
		this.aliases.put(name, resolved);
		return resolved;
	}

	private static boolean unionHasNull(Schema<?> schema) {
		List<Schema> union = Spec.unionOf(schema);
		return union != null && union.stream().anyMatch(Spec::isNullType);
	}

	private Schema<?> unwrapNullable(Schema<?> schema) {
		List<Schema> union = Spec.unionOf(schema);
		if (union != null && !Spec.isObject(schema)) {
			List<Schema> variants = nonNull(union);
			if (variants.size() == 1 && variants.get(0).get$ref() == null) {
				return variants.get(0);
			}
		}
		return schema;
	}

	// ---- records ----

	/**
	 * A record for an object schema, with a builder. {@code implementing} is the union it is a
	 * variant of, if it is declared inside one; {@code schemaName} names a top-level schema,
	 * whose entry in the map may add interfaces and field types.
	 */
	TypeSpec record(ClassName name, Schema<?> schema, Nest nest, ClassName implementing, String description,
			String schemaName) {
		Spec.Merged merged = this.spec.merge(schema);
		ResourceMap.Model model = (schemaName != null) ? this.map.model(schemaName) : ResourceMap.Model.NONE;
		List<Field> fields = new ArrayList<>();
		Set<String> javaNames = new HashSet<>(Set.of("additionalProperties"));
		for (Map.Entry<String, Schema<?>> property : merged.properties.entrySet()) {
			String jsonName = property.getKey();
			Schema<?> propertySchema = property.getValue();
			ResourceMap.FieldOverride override = model.fields().get(jsonName);
			if (override != null && override.omit()) {
				continue;
			}
			JType type = (override != null) ? new JType(Types.parse(override.type()), false)
					: resolve(propertySchema, nest, Names.pascal(jsonName));
			boolean required = merged.required.contains(jsonName);
			String javaName = unique(Names.camel(jsonName), javaNames);
			String constant = Spec.constant(this.spec.deref(propertySchema));
			fields.add(new Field(jsonName, javaName, type.type, required && !type.nullable, constant,
					Boolean.TRUE.equals(propertySchema.getDeprecated()), propertySchema.getDescription()));
		}
		TypeSpec.Builder record = TypeSpec.recordBuilder(name).addModifiers(Modifier.PUBLIC);
		if (nest.parent != null) {
			record.addModifiers(Modifier.STATIC);
		}
		record.addAnnotation(Types.SUPPRESS_DEPRECATION);
		String text = (description != null) ? description : schema.getDescription();
		record.addJavadoc(javadoc(text, "The {@code " + name.simpleName() + "} object."));
		if (Boolean.TRUE.equals(schema.getDeprecated())) {
			record.addAnnotation(Deprecated.class);
		}
		List<ClassName> unions = new ArrayList<>();
		if (implementing != null) {
			unions.add(implementing);
		}
		unions.addAll(this.subtypeOf.getOrDefault(schemaName, List.of()));
		unions.forEach(record::addSuperinterface);
		if (!unions.isEmpty()) {
			// The union's deserializer picks this record; reading the record itself must not
			// come back to the union's deserializer, which it would inherit.
			record.addAnnotation(AnnotationSpec.builder(Types.JSON_DESERIALIZE)
				.addMember("using", "$T.class", Types.VALUE_DESERIALIZER_NONE)
				.build());
		}
		model.interfaces(name.packageName()).forEach(record::addSuperinterface);
		this.recordFields.put(name, fields);
		MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
		CodeBlock.Builder compact = CodeBlock.builder();
		for (Field field : fields) {
			TypeName type = field.componentType();
			ParameterSpec.Builder parameter = ParameterSpec.builder(type, field.javaName)
				.addAnnotation(Types.jsonProperty(field.jsonName));
			ResourceMap.FieldOverride override = model.fields().get(field.jsonName);
			if (override != null && override.deserializer() != null) {
				parameter.addAnnotation(AnnotationSpec.builder(Types.JSON_DESERIALIZE)
					.addMember("using", "$T.class", ClassName.get(name.packageName(), override.deserializer()))
					.build());
			}
			if (field.deprecated) {
				parameter.addAnnotation(Deprecated.class);
			}
			constructor.addParameter(parameter.build());
			if (field.description != null) {
				record.addJavadoc("\n@param $L $L", field.javaName, firstSentence(field.description));
			}
			else {
				record.addJavadoc("\n@param $L the {@code $L} field", field.javaName, field.jsonName);
			}
			if (isList(field.type)) {
				compact.addStatement("$L = $T.list($L)", field.javaName, Types.MODEL_SUPPORT, field.javaName);
			}
			else if (isMap(field.type)) {
				compact.addStatement("$L = $T.map($L)", field.javaName, Types.MODEL_SUPPORT, field.javaName);
			}
		}
		TypeName extra = Types.mapOf(Types.JSON_NODE);
		constructor.addParameter(ParameterSpec.builder(extra, "additionalProperties")
			.addAnnotation(Types.JSON_ANY_SETTER)
			.addAnnotation(Types.JSON_ANY_GETTER)
			.build());
		record.addJavadoc("\n@param additionalProperties fields this type does not model, kept as they came\n");
		compact.addStatement("additionalProperties = $T.fields(additionalProperties)", Types.MODEL_SUPPORT);
		record.recordConstructor(constructor.build());
		record.addMethod(MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC).addCode(compact.build()).build());
		if (fields.stream().anyMatch((field) -> field.type.withoutAnnotations() instanceof ArrayTypeName)) {
			addArrayAwareObjectMethods(record, name, fields);
		}
		addBuilder(record, name, fields, Types.JSON_NODE, "additionalProperties", "additionalProperty", this::unionFactories,
				model.builderInterfaces(name.packageName()));
		nest.nested.forEach(record::addType);
		return record.build();
	}

	/**
	 * {@code equals}, {@code hashCode} and {@code toString} for a record with an array component,
	 * which a record would compare by identity and print as {@code [F@1b6d3586}.
	 */
	private static void addArrayAwareObjectMethods(TypeSpec.Builder record, ClassName name, List<Field> fields) {
		List<CodeBlock> equal = new ArrayList<>();
		List<CodeBlock> hashed = new ArrayList<>();
		List<CodeBlock> shown = new ArrayList<>();
		List<String> names = new ArrayList<>(fields.stream().map(Field::javaName).toList());
		names.add("additionalProperties");
		for (String field : names) {
			boolean array = fields.stream()
				.anyMatch((candidate) -> candidate.javaName.equals(field)
						&& candidate.type.withoutAnnotations() instanceof ArrayTypeName);
			ClassName helper = array ? ClassName.get("java.util", "Arrays") : Types.OBJECTS;
			equal.add(CodeBlock.of("$T.equals(this.$L, that.$L)", helper, field, field));
			hashed.add(CodeBlock.of("$T.hashCode(this.$L)", helper, field));
			shown.add(array
					? CodeBlock.of("$S + ((this.$L != null) ? \"[\" + this.$L.length + \"]\" : \"null\")", field + "=",
							field, field)
					: CodeBlock.of("$S + this.$L", field + "=", field));
		}
		record.addMethod(MethodSpec.methodBuilder("equals")
			.addAnnotation(Override.class)
			.addModifiers(Modifier.PUBLIC)
			.returns(TypeName.BOOLEAN)
			.addParameter(Types.nullable(ClassName.OBJECT), "other")
			.addStatement("return other instanceof $T that && $L", name, CodeBlock.join(equal, " && "))
			.build());
		CodeBlock.Builder hash = CodeBlock.builder().add("int hash = 0;\n");
		hashed.forEach((part) -> hash.add("hash = 31 * hash + $L;\n", part));
		record.addMethod(MethodSpec.methodBuilder("hashCode")
			.addAnnotation(Override.class)
			.addModifiers(Modifier.PUBLIC)
			.returns(TypeName.INT)
			.addCode(hash.build())
			.addStatement("return hash")
			.build());
		record.addMethod(MethodSpec.methodBuilder("toString")
			.addAnnotation(Override.class)
			.addModifiers(Modifier.PUBLIC)
			.returns(Types.STRING)
			.addJavadoc("Arrays show their length, not their values.\n@return the record's fields\n")
			.addStatement("return $S + $L + $S", name.simpleName() + "[", CodeBlock.join(shown, " + \", \" + "), "]")
			.build());
	}

	/**
	 * Declares, in a union whose variants are its subtypes, the accessors all of them share
	 * (same name and type), such as {@code type()} and {@code sequenceNumber()} of every stream
	 * event; its unknown variant answers the scalar ones from its JSON.
	 */
	private void addSharedAccessors(ClassName union, List<String> variants) {
		List<Field> shared = null;
		for (String variant : variants) {
			List<Field> fields = this.recordFields.get(this.declared.get(variant));
			if (shared == null) {
				shared = new ArrayList<>(fields);
			}
			else {
				shared.removeIf((field) -> fields.stream()
					.noneMatch((other) -> other.javaName.equals(field.javaName)
							&& other.componentType().equals(field.componentType())));
			}
		}
		shared.removeIf((field) -> Types.jsonAccessor(field.type) == null);
		TypeSpec.Builder type = this.topLevel.get(union).toBuilder();
		ClassName unknown = unknownOf(union);
		TypeSpec.Builder unknownType = unknownRecord(union, unknown);
		for (Field field : shared) {
			type.addMethod(MethodSpec.methodBuilder(field.javaName)
				.addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
				.returns(Types.nullable(field.type.withoutAnnotations()))
				.addJavadoc("The {@code $L} of every variant.\n@return its value; {@code null} where it is absent, as JSON of no known variant may lack it\n",
						field.jsonName)
				.build());
			unknownType.addMethod(MethodSpec.methodBuilder(field.javaName)
				.addAnnotation(Override.class)
				.addModifiers(Modifier.PUBLIC)
				.returns(Types.nullable(field.type.withoutAnnotations()))
				.addJavadoc("The {@code $L} of the JSON, or {@code null} if it has none of that type.\n@return its value\n",
						field.jsonName)
				.addStatement("return $T.$L(this.json, $S)", Types.MODEL_SUPPORT, Types.jsonAccessor(field.type),
						field.jsonName)
				.build());
		}
		this.topLevel.put(union, type.build());
		this.topLevel.put(unknown, unknownType.build());
	}

	/**
	 * The class JSON of no known variant of a union becomes: nested {@code Unknown}, or, beside
	 * the top-level variants of a union whose variants are its subtypes, {@code UnknownX}.
	 */
	private ClassName unknownOf(ClassName union) {
		return this.subtypeUnions.containsKey(union) ? union.peerClass("Unknown" + union.simpleName())
				: union.nestedClass("Unknown");
	}

	private String schemaOf(ClassName type) {
		return this.declared.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().equals(type))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A builder nested in a record or params type: one setter per field (and one per variant of a
	 * union, one taking a primitive for a number or a boolean), an adder per list, constants
	 * preset, required fields checked at {@code build()}; it implements the hand-written
	 * {@code helpers}.
	 */
	static void addBuilder(TypeSpec.Builder type, ClassName owner, List<Field> fields, TypeName extraType,
			String extraName, String extraSetter, java.util.function.Function<TypeName, List<TypeName>> unionFactories,
			List<ClassName> helpers) {
		ClassName builderName = owner.nestedClass("Builder");
		TypeSpec.Builder builder = TypeSpec.classBuilder(builderName)
			.addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
			.addJavadoc("Builds {@link $T}.\n", owner);
		helpers.forEach(builder::addSuperinterface);
		builder.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
		MethodSpec.Builder build = MethodSpec.methodBuilder("build")
			.addModifiers(Modifier.PUBLIC)
			.returns(owner)
			.addJavadoc("Builds the {@code $L}.\n@return the built value\n@throws IllegalStateException if a required field is not set\n",
					owner.simpleName());
		MethodSpec.Builder toBuilder = MethodSpec.methodBuilder("toBuilder")
			.addModifiers(Modifier.PUBLIC)
			.returns(builderName)
			.addJavadoc("A builder that starts from this value.\n@return the builder\n")
			.addStatement("$T builder = new $T()", builderName, builderName);
		List<CodeBlock> arguments = new ArrayList<>();
		for (Field field : fields) {
			TypeName boxed = field.type.isPrimitive() ? field.type.box() : field.type;
			FieldSpec.Builder spec = FieldSpec.builder(Types.nullable(boxed), field.javaName, Modifier.PRIVATE);
			if (field.constant != null && Types.STRING.equals(field.type.withoutAnnotations())) {
				spec.initializer("$S", field.constant);
			}
			builder.addField(spec.build());
			MethodSpec.Builder setter = MethodSpec.methodBuilder(field.javaName)
				.addModifiers(Modifier.PUBLIC)
				.addParameter(Types.nullable(boxed), field.javaName)
				.returns(builderName)
				.addJavadoc("Sets {@code $L}.\n@param $L the value\n@return this builder\n", field.jsonName, field.javaName);
			if (isList(field.type)) {
				// A copy the adders may append to; the built value copies it again.
				setter.addStatement("this.$L = ($L != null) ? new $T<>($L) : null", field.javaName, field.javaName,
						Types.ARRAY_LIST, field.javaName);
			}
			else {
				setter.addStatement("this.$L = $L", field.javaName, field.javaName);
			}
			builder.addMethod(setter.addStatement("return this").build());
			addPrimitiveSetter(builder, builderName, field.javaName, field.jsonName, field.type.withoutAnnotations(), null);
			if (field.type.withoutAnnotations().equals(Types.UPLOAD_FILE)) {
				builder.addMethod(MethodSpec.methodBuilder(field.javaName)
					.addModifiers(Modifier.PUBLIC)
					.addParameter(Types.PATH, field.javaName)
					.returns(builderName)
					.addJavadoc("Sets {@code $L} to a file on disk, sent under its own name.\n@param $L the file\n"
							+ "@return this builder\n", field.jsonName, field.javaName)
					.addStatement("return $L($T.of($L))", field.javaName, Types.UPLOAD_FILE, field.javaName)
					.build());
			}
			// A union field takes each variant's value as well: input("Hello") beside input(Input.of(…)).
			for (TypeName variant : unionFactories.apply(field.type)) {
				TypeName union = field.type.withoutAnnotations();
				builder.addMethod(MethodSpec.methodBuilder(field.javaName)
					.addModifiers(Modifier.PUBLIC)
					.addParameter(variant, field.javaName)
					.returns(builderName)
					.addJavadoc("Sets {@code $L} to one of its variants.\n@param $L the value\n@return this builder\n",
							field.jsonName, field.javaName)
					.addStatement("return $L($T.of($L))", field.javaName, union, field.javaName)
					.build());
				addPrimitiveSetter(builder, builderName, field.javaName, field.jsonName, variant, union);
			}
			if (isList(field.type)) {
				addAdders(builder, builderName, field, unionFactories);
			}
			toBuilder.addStatement("builder.$L = this.$L", field.javaName, field.javaName);
			if (field.required) {
				arguments.add(CodeBlock.of("$T.require(this.$L, $S, $S)", Types.MODEL_SUPPORT, field.javaName,
						owner.simpleName(), field.jsonName));
			}
			else {
				arguments.add(CodeBlock.of("this.$L", field.javaName));
			}
		}
		TypeName extra = Types.mapOf(extraType);
		builder.addField(FieldSpec.builder(extra, extraName, Modifier.PRIVATE, Modifier.FINAL)
			.initializer("new $T<>()", Types.LINKED_HASH_MAP)
			.build());
		builder.addMethod(MethodSpec.methodBuilder(extraSetter)
			.addModifiers(Modifier.PUBLIC)
			.addParameter(Types.STRING, "name")
			.addParameter(extraType, "value")
			.returns(builderName)
			.addJavadoc("Adds a field this type does not model.\n@param name the JSON name\n@param value the JSON value\n@return this builder\n")
			.addStatement("this.$L.put($T.requireNonNull(name, $S), value)", extraName, Types.OBJECTS, "name")
			.addStatement("return this")
			.build());
		toBuilder.addStatement("builder.$L.putAll(this.$L)", extraName, extraName);
		arguments.add(CodeBlock.of("this.$L", extraName));
		build.addStatement("return new $T($L)", owner, CodeBlock.join(arguments, ", "));
		builder.addMethod(build.build());
		type.addType(builder.build());
		type.addMethod(MethodSpec.methodBuilder("builder")
			.addModifiers(Modifier.PUBLIC, Modifier.STATIC)
			.returns(builderName)
			.addJavadoc("A builder for {@code $L}.\n@return a new builder\n", owner.simpleName())
			.addStatement("return new $T()", builderName)
			.build());
		type.addMethod(toBuilder.addStatement("return builder").build());
	}

	/**
	 * A setter taking a primitive beside one taking its box, so that {@code n(2)} and
	 * {@code temperature(1)} compile as they do with the official SDKs.
	 */
	private static void addPrimitiveSetter(TypeSpec.Builder builder, ClassName builderName, String javaName,
			String jsonName, TypeName type, TypeName union) {
		TypeName primitive;
		try {
			primitive = type.unbox();
		}
		catch (UnsupportedOperationException ex) {
			return;
		}
		builder.addMethod(MethodSpec.methodBuilder(javaName)
			.addModifiers(Modifier.PUBLIC)
			.addParameter(primitive, javaName)
			.returns(builderName)
			.addJavadoc("Sets {@code $L}.\n@param $L the value\n@return this builder\n", jsonName, javaName)
			.addStatement((union != null) ? CodeBlock.of("return $L($T.of(($T) $L))", javaName, union, type, javaName)
					: CodeBlock.of("return $L(($T) $L)", javaName, type, javaName))
			.build());
	}

	/** {@code addMessage(message)} for a list field {@code messages}, and one per variant of a union item. */
	private static void addAdders(TypeSpec.Builder builder, ClassName builderName, Field field,
			java.util.function.Function<TypeName, List<TypeName>> unionFactories) {
		TypeName item = ((ParameterizedTypeName) field.type.withoutAnnotations()).typeArguments().get(0);
		String adder = "add" + Names.pascal(Names.singular(field.javaName));
		String parameter = Names.camel(Names.singular(field.javaName));
		if (parameter.equals(field.javaName)) {
			parameter = "item";
		}
		builder.addMethod(MethodSpec.methodBuilder(adder)
			.addModifiers(Modifier.PUBLIC)
			.addParameter(item, parameter)
			.returns(builderName)
			.addJavadoc("Adds one item to {@code $L}.\n@param $L the item\n@return this builder\n", field.jsonName, parameter)
			.beginControlFlow("if (this.$L == null || !(this.$L instanceof $T))", field.javaName, field.javaName,
					Types.ARRAY_LIST)
			.addStatement("this.$L = (this.$L != null) ? new $T<>(this.$L) : new $T<>()", field.javaName, field.javaName,
					Types.ARRAY_LIST, field.javaName, Types.ARRAY_LIST)
			.endControlFlow()
			.addStatement("this.$L.add($T.requireNonNull($L, $S))", field.javaName, Types.OBJECTS, parameter, parameter)
			.addStatement("return this")
			.build());
		for (TypeName variant : unionFactories.apply(item)) {
			builder.addMethod(MethodSpec.methodBuilder(adder)
				.addModifiers(Modifier.PUBLIC)
				.addParameter(variant, parameter)
				.returns(builderName)
				.addJavadoc("Adds one item to {@code $L}, as one of its variants.\n@param $L the item\n@return this builder\n",
						field.jsonName, parameter)
				.addStatement("return $L($T.of($L))", adder, item, parameter)
				.build());
		}
	}

	// ---- unions ----

	@SuppressWarnings("rawtypes")
	TypeSpec union(ClassName name, Schema<?> schema, List<Schema> variants, Nest nest) {
		String discriminator = discriminator(schema, variants);
		TypeSpec.Builder union = TypeSpec.interfaceBuilder(name)
			.addModifiers(Modifier.PUBLIC, Modifier.SEALED)
			.addAnnotation(Types.SUPPRESS_DEPRECATION)
			.addAnnotation(AnnotationSpec.builder(Types.JSON_DESERIALIZE)
				.addMember("using", "$T.class", name.nestedClass("Deserializer"))
				.build());
		if (nest.parent != null) {
			union.addModifiers(Modifier.STATIC);
		}
		String schemaName = schemaOf(name);
		ResourceMap.Model model = (schemaName != null && nest.parent == null) ? this.map.model(schemaName)
				: ResourceMap.Model.NONE;
		ClassName unknown = unknownOf(name);
		model.interfaces(name.packageName()).forEach(union::addSuperinterface);
		union.addJavadoc(javadoc(schema.getDescription(), "One of several kinds of {@code " + name.simpleName() + "}."));
		union.addJavadoc("\n<p>Read JSON that matches no known variant arrives as {@link $T}, with its JSON.\n", unknown);
		Set<String> variantNames = new HashSet<>(Set.of("Unknown", "Deserializer", name.simpleName()));
		Set<TypeName> factoryTypes = new HashSet<>();
		List<TypeName> factories = new ArrayList<>();
		this.unionFactories.put(name, factories);
		List<CodeBlock> matchers = new ArrayList<>();
		int index = 0;
		for (Schema variant : variants) {
			index++;
			Schema<?> target = this.spec.deref(variant);
			String constant = (discriminator != null) ? constantOf(target, discriminator) : null;
			Kind kind = kind(target);
			String variantName;
			if (model.subtypeVariants()) {
				// The variant's own record implements the union: no wrapper, no factory.
				ClassName variantClass = this.declared.get(Spec.variantName(variant));
				union.addPermittedSubclass(variantClass);
				matchers.add(variantMatcher(name, variantClass, CodeBlock.of("(value) -> value"), kind, target, discriminator));
				continue;
			}
			if (constant != null) {
				variantName = Names.pascal(constant);
			}
			else if (variant.get$ref() != null) {
				variantName = resolveNamed(Spec.refName(variant.get$ref())).type instanceof ClassName className
						? className.simpleName() : "Of" + Names.pascal(Spec.refName(variant.get$ref()));
			}
			else if (variant.getTitle() != null) {
				variantName = Names.pascal(variant.getTitle());
			}
			else {
				variantName = switch (kind) {
					case STRING -> "OfString";
					case INTEGER -> "OfInteger";
					case NUMBER -> "OfNumber";
					case BOOLEAN -> "OfBoolean";
					case ARRAY -> "OfArray";
					default -> "Variant" + index;
				};
			}
			if (variantName.equals(name.simpleName()) || isEnclosing(nest, variantName)) {
				variantName = "Of" + variantName;
			}
			variantName = unique(variantName, variantNames);
			nest.claim(variantName);
			ClassName variantClass = name.nestedClass(variantName);
			TypeName bound;
			CodeBlock wrap;
			if (variant.get$ref() == null && Spec.isObject(variant)) {
				// An inline object is the variant itself, not a wrapper of one.
				union.addType(record(variantClass, variant, new Nest(variantClass, nest), name, null, null));
				bound = variantClass;
				wrap = CodeBlock.of("(value) -> value");
			}
			else {
				JType value = resolve(variant, nest, variantName + "Value");
				bound = value.type.withoutAnnotations();
				union.addType(TypeSpec.recordBuilder(variantClass)
					.addModifiers(Modifier.PUBLIC, Modifier.STATIC)
					.addSuperinterface(name)
					.addJavadoc("The {@code $L} variant.\n@param value the value\n", variantName)
					.recordConstructor(MethodSpec.constructorBuilder()
						.addParameter(ParameterSpec.builder(bound, "value").addAnnotation(Types.JSON_VALUE).build())
						.build())
					.build());
				wrap = CodeBlock.of("$T::new", variantClass);
				TypeName erased = (bound instanceof ParameterizedTypeName parameterized) ? parameterized.rawType() : bound;
				if (factoryTypes.add(erased)) {
					factories.add(bound);
					union.addMethod(MethodSpec.methodBuilder("of")
						.addModifiers(Modifier.PUBLIC, Modifier.STATIC)
						.addParameter(bound, "value")
						.returns(name)
						.addJavadoc("The {@code $L} variant.\n@param value the value\n@return the union value\n", variantName)
						.addStatement("return new $T(value)", variantClass)
						.build());
				}
			}
			matchers.add(variantMatcher(name, bound, wrap, kind, target, discriminator));
		}
		if (model.subtypeVariants()) {
			// Generated with the accessors the variants share, once all of them are.
			union.addPermittedSubclass(unknown);
		}
		else {
			union.addType(unknownRecord(name, unknown).addModifiers(Modifier.STATIC).build());
		}
		ClassName deserializer = name.nestedClass("Deserializer");
		union.addType(TypeSpec.classBuilder(deserializer)
			.addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
			.superclass(ParameterizedTypeName.get(Types.UNION_DESERIALIZER, name))
			.addJavadoc("Reads {@link $T} by the JSON's kind, discriminator and required fields.\n", name)
			.addMethod(MethodSpec.constructorBuilder()
				.addModifiers(Modifier.PUBLIC)
				.addJavadoc("Creates the deserializer Jackson uses.\n")
				.addStatement("super($T.of($>\n$L$<), $T::new)", Types.LIST, CodeBlock.join(matchers, ",\n"), unknown)
				.build())
			.build());
		nest.nested.forEach(union::addType);
		return union.build();
	}

	private static TypeSpec.Builder unknownRecord(ClassName union, ClassName unknown) {
		return TypeSpec.recordBuilder(unknown)
			.addModifiers(Modifier.PUBLIC)
			.addSuperinterface(union)
			.addJavadoc("JSON that matches none of the known variants of {@link $T}, kept as it came.\n@param json the JSON\n",
					union)
			.recordConstructor(MethodSpec.constructorBuilder()
				.addParameter(ParameterSpec.builder(Types.JSON_NODE, "json").addAnnotation(Types.JSON_VALUE).build())
				.build());
	}

	/** How the union's deserializer recognises and binds one variant. */
	private CodeBlock variantMatcher(ClassName union, TypeName bound, CodeBlock wrap, Kind kind, Schema<?> target,
			String discriminator) {
		CodeBlock.Builder matcher = CodeBlock.builder()
			.add("$T.<$T, $T>of($T.$L, new $T<$T>() { }, $L)", Types.UNION_VARIANT, union, bound, Types.JSON_KIND,
					kind.name(), Types.TYPE_REFERENCE, bound, wrap);
		if (kind == Kind.OBJECT) {
			Spec.Merged merged = this.spec.merge(target);
			Set<String> values = (discriminator != null) ? constantsOf(target, discriminator) : Set.of();
			if (!values.isEmpty()) {
				matcher.add(".discriminator($S, $L)", discriminator, strings(values));
			}
			List<String> required = merged.required.stream().filter(merged.properties::containsKey).toList();
			if (!required.isEmpty()) {
				matcher.add(".required($L)", strings(required));
			}
		}
		return matcher.build();
	}

	private static boolean isEnclosing(Nest nest, String simpleName) {
		for (Nest current = nest; current != null; current = current.parent) {
			if (current.owner.simpleName().equals(simpleName)) {
				return true;
			}
		}
		return false;
	}

	private static CodeBlock strings(Iterable<String> values) {
		List<CodeBlock> literals = new ArrayList<>();
		values.forEach((value) -> literals.add(CodeBlock.of("$S", value)));
		return CodeBlock.join(literals, ", ");
	}

	/** The property every object variant fixes to its own constant, if there is one. */
	@SuppressWarnings("rawtypes")
	private String discriminator(Schema<?> schema, List<Schema> variants) {
		if (schema.getDiscriminator() != null && schema.getDiscriminator().getPropertyName() != null) {
			return schema.getDiscriminator().getPropertyName();
		}
		for (String candidate : List.of("type", "event", "object", "role")) {
			Set<String> seen = new HashSet<>();
			boolean all = true;
			int objects = 0;
			for (Schema variant : variants) {
				Schema<?> target = this.spec.deref(variant);
				if (kind(target) != Kind.OBJECT) {
					continue;
				}
				objects++;
				Set<String> values = constantsOf(target, candidate);
				if (values.isEmpty() || values.stream().anyMatch((value) -> !seen.add(value))) {
					all = false;
					break;
				}
			}
			if (all && objects > 1) {
				return candidate;
			}
		}
		return null;
	}

	private String constantOf(Schema<?> target, String property) {
		Set<String> values = constantsOf(target, property);
		return (values.size() == 1) ? values.iterator().next() : null;
	}

	/** The values an object variant allows for a property that is a constant or a small enum. */
	private Set<String> constantsOf(Schema<?> target, String property) {
		if (kind(target) != Kind.OBJECT) {
			return Set.of();
		}
		Schema<?> propertySchema = this.spec.merge(target).properties.get(property);
		if (propertySchema == null) {
			return Set.of();
		}
		Schema<?> resolved = this.spec.deref(propertySchema);
		String constant = Spec.constant(resolved);
		if (constant != null) {
			return Set.of(constant);
		}
		return new LinkedHashSet<>(enumValues(resolved));
	}

	/** The JSON kind a schema's values have. */
	@SuppressWarnings("rawtypes")
	private Kind kind(Schema<?> schema) {
		Schema<?> target = this.spec.deref(schema);
		if (Spec.isObject(target)) {
			return Kind.OBJECT;
		}
		List<Schema> union = Spec.unionOf(target);
		if (union != null) {
			Set<Kind> kinds = new HashSet<>();
			nonNull(union).forEach((variant) -> kinds.add(kind(variant)));
			return (kinds.size() == 1) ? kinds.iterator().next() : Kind.ANY;
		}
		if (target.getEnum() != null || target.getConst() != null) {
			return (target.getEnum() != null && !target.getEnum().isEmpty() && !(target.getEnum().get(0) instanceof String))
					? Kind.NUMBER : Kind.STRING;
		}
		Set<String> types = Spec.types(target);
		if (types.size() != 1) {
			return Kind.ANY;
		}
		return switch (types.iterator().next()) {
			case "string" -> Kind.STRING;
			case "integer" -> Kind.INTEGER;
			case "number" -> Kind.NUMBER;
			case "boolean" -> Kind.BOOLEAN;
			case "array" -> Kind.ARRAY;
			case "object" -> Kind.OBJECT;
			default -> Kind.ANY;
		};
	}

	// ---- enums ----

	TypeSpec constants(ClassName name, List<String> values, String description, boolean topLevel) {
		TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
		if (!topLevel) {
			type.addModifiers(Modifier.STATIC);
		}
		type.addJavadoc(javadoc(description, "Known values of {@code " + name.simpleName() + "}."));
		type.addJavadoc("\n<p>The field is a {@code String}: values added to the API later arrive as they are.\n");
		Set<String> used = new HashSet<>();
		for (String value : values) {
			type.addField(FieldSpec.builder(Types.STRING, unique(Names.constant(value), used), Modifier.PUBLIC,
					Modifier.STATIC, Modifier.FINAL)
				.initializer("$S", value)
				.addJavadoc("{@code $L}.\n", Names.javadoc(value))
				.build());
		}
		type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
		return type.build();
	}

	private static List<String> enumValues(Schema<?> schema) {
		List<String> values = new ArrayList<>();
		if (schema.getEnum() != null) {
			for (Object value : schema.getEnum()) {
				if (value != null && !values.contains(String.valueOf(value))) {
					values.add(String.valueOf(value));
				}
			}
		}
		return values;
	}

	// ---- helpers ----

	@SuppressWarnings("rawtypes")
	private static List<Schema> nonNull(List<Schema> union) {
		return union.stream().filter((variant) -> !Spec.isNullType(variant)).toList();
	}

	@SuppressWarnings("rawtypes")
	private boolean allStrings(List<Schema> variants) {
		return variants.stream().allMatch((variant) -> {
			Schema<?> target = this.spec.deref(variant);
			return Spec.unionOf(target) == null && !Spec.isObject(target) && Spec.types(target).equals(Set.of("string"))
					&& !Spec.isBinary(target)
					|| (Spec.types(target).isEmpty() && target.getEnum() != null
							&& target.getEnum().stream().allMatch((value) -> value == null || value instanceof String));
		});
	}

	@SuppressWarnings("rawtypes")
	private boolean allNumbers(List<Schema> variants) {
		return variants.stream().allMatch((variant) -> {
			Schema<?> target = this.spec.deref(variant);
			Set<String> types = Spec.types(target);
			return Spec.unionOf(target) == null && !Spec.isObject(target) && !types.isEmpty()
					&& Set.of("integer", "number").containsAll(types);
		});
	}

	static boolean isList(TypeName type) {
		return type.withoutAnnotations() instanceof ParameterizedTypeName parameterized
				&& parameterized.rawType().equals(Types.LIST);
	}

	static boolean isMap(TypeName type) {
		return type.withoutAnnotations() instanceof ParameterizedTypeName parameterized
				&& parameterized.rawType().equals(Types.MAP);
	}

	static String unique(String name, Set<String> used) {
		String candidate = name;
		for (int i = 2; !used.add(candidate); i++) {
			candidate = name + i;
		}
		return candidate;
	}

	static CodeBlock javadoc(String description, String fallback) {
		String text = (description == null || description.isBlank()) ? fallback : Names.javadoc(description);
		return CodeBlock.of("$L\n", text);
	}

	static String firstSentence(String description) {
		String text = Names.javadoc(description).replace('\n', ' ');
		int end = text.indexOf(". ");
		return (end > 0) ? text.substring(0, end + 1) : text;
	}

	/** The JSON kinds {@code UnionDeserializer} tells variants apart by. */
	enum Kind {

		STRING, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT, ANY

	}

	/** A Java type, and whether the description lets its value be {@code null}. */
	record JType(TypeName type, boolean nullable) {

	}

	/**
	 * A field of a record or params type.
	 */
	record Field(String jsonName, String javaName, TypeName type, boolean required, String constant,
			boolean deprecated, String description) {

		/**
		 * Required fields are not {@code @Nullable}; scalars stay boxed all the same, so that a
		 * field the server left out is written back left out, not as {@code 0}.
		 */
		TypeName componentType() {
			TypeName plain = this.type.withoutAnnotations();
			return this.required ? plain : Types.nullable(plain);
		}

	}

	/**
	 * Where inline types of one declaration go: nested in it, each with a name unique there and
	 * different from every enclosing type's.
	 */
	static final class Nest {

		final ClassName owner;

		final Nest parent;

		final List<TypeSpec> nested = new ArrayList<>();

		private final Set<String> names = new HashSet<>(Set.of("Builder"));

		Nest(ClassName owner, Nest parent) {
			this.owner = owner;
			this.parent = parent;
		}

		ClassName reserve(String suggested) {
			String name = suggested;
			if (isEnclosing(this, name)) {
				name = name + "Value";
			}
			return this.owner.nestedClass(unique(name, this.names));
		}

		void claim(String name) {
			this.names.add(name);
		}

		void add(TypeSpec type) {
			this.nested.add(type);
		}

	}

}
