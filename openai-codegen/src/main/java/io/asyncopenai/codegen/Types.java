package io.asyncopenai.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;

/**
 * The Java types and annotations generated code refers to.
 */
final class Types {

	static final String CORE = "io.asyncopenai.core";

	static final ClassName STRING = ClassName.get(String.class);

	static final ClassName LIST = ClassName.get("java.util", "List");

	static final ClassName MAP = ClassName.get("java.util", "Map");

	static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");

	static final ClassName LINKED_HASH_MAP = ClassName.get("java.util", "LinkedHashMap");

	static final ClassName OBJECTS = ClassName.get("java.util", "Objects");

	static final ClassName JSON_NODE = ClassName.get("tools.jackson.databind", "JsonNode");

	static final ClassName TYPE_REFERENCE = ClassName.get("tools.jackson.core.type", "TypeReference");

	static final ClassName VALUE_DESERIALIZER_NONE = ClassName.get("tools.jackson.databind", "ValueDeserializer",
			"None");

	static final ClassName JSON_DESERIALIZE = ClassName.get("tools.jackson.databind.annotation", "JsonDeserialize");

	static final ClassName JSON_PROPERTY = ClassName.get("com.fasterxml.jackson.annotation", "JsonProperty");

	static final ClassName JSON_IGNORE = ClassName.get("com.fasterxml.jackson.annotation", "JsonIgnore");

	static final ClassName JSON_VALUE = ClassName.get("com.fasterxml.jackson.annotation", "JsonValue");

	static final ClassName JSON_ANY_GETTER = ClassName.get("com.fasterxml.jackson.annotation", "JsonAnyGetter");

	static final ClassName JSON_ANY_SETTER = ClassName.get("com.fasterxml.jackson.annotation", "JsonAnySetter");

	static final ClassName NULLABLE = ClassName.get("org.jspecify.annotations", "Nullable");

	static final ClassName MODEL_SUPPORT = ClassName.get(CORE, "ModelSupport");

	static final ClassName UNION_DESERIALIZER = ClassName.get(CORE, "UnionDeserializer");

	static final ClassName UNION_VARIANT = ClassName.get(CORE, "UnionDeserializer", "Variant");

	static final ClassName JSON_KIND = ClassName.get(CORE, "UnionDeserializer", "Kind");

	static final ClassName API_CALLER = ClassName.get(CORE, "ApiCaller");

	static final ClassName API_PATH = ClassName.get(CORE, "ApiPath");

	static final ClassName REQUEST_OPTIONS = ClassName.get(CORE, "RequestOptions");

	static final ClassName PAGES = ClassName.get(CORE, "Pages");

	static final ClassName PATH = ClassName.get("java.nio.file", "Path");

	static final ClassName UPLOAD_FILE = ClassName.get(CORE, "UploadFile");

	static final ClassName BINARY_RESPONSE = ClassName.get(CORE, "BinaryResponse");

	static final ClassName HTTP_METHOD = ClassName.get("org.springframework.http", "HttpMethod");

	static final ClassName MONO = ClassName.get("reactor.core.publisher", "Mono");

	static final ClassName FLUX = ClassName.get("reactor.core.publisher", "Flux");

	static final AnnotationSpec SUPPRESS_DEPRECATION = AnnotationSpec.builder(SuppressWarnings.class)
		.addMember("value", "$S", "deprecation")
		.build();

	private Types() {
	}

	static TypeName listOf(TypeName element) {
		return ParameterizedTypeName.get(LIST, element.withoutAnnotations());
	}

	static TypeName mapOf(TypeName value) {
		return ParameterizedTypeName.get(MAP, STRING, value.withoutAnnotations());
	}

	static TypeName nullable(TypeName type) {
		return type.isPrimitive() ? type.box().annotated(AnnotationSpec.builder(NULLABLE).build())
				: type.annotated(AnnotationSpec.builder(NULLABLE).build());
	}

	/** A Java type as the resource map writes it: {@code float[]}, {@code String}, or a qualified name. */
	static TypeName parse(String type) {
		if (type.endsWith("[]")) {
			return ArrayTypeName.of(parse(type.substring(0, type.length() - 2)));
		}
		return switch (type) {
			case "float" -> TypeName.FLOAT;
			case "double" -> TypeName.DOUBLE;
			case "int" -> TypeName.INT;
			case "long" -> TypeName.LONG;
			case "byte" -> TypeName.BYTE;
			case "boolean" -> TypeName.BOOLEAN;
			case "String" -> STRING;
			default -> ClassName.bestGuess(type);
		};
	}

	/**
	 * The {@code ModelSupport} method that reads a scalar of this type from JSON, or {@code null}
	 * for a type it cannot read.
	 */
	static String jsonAccessor(TypeName type) {
		TypeName plain = type.withoutAnnotations();
		if (plain.equals(STRING)) {
			return "stringField";
		}
		if (plain.equals(ClassName.get(Long.class))) {
			return "longField";
		}
		if (plain.equals(ClassName.get(Double.class))) {
			return "doubleField";
		}
		if (plain.equals(ClassName.get(Boolean.class))) {
			return "booleanField";
		}
		return null;
	}

	static AnnotationSpec jsonProperty(String name) {
		return AnnotationSpec.builder(JSON_PROPERTY).addMember("value", "$S", name).build();
	}

}
