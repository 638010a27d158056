package io.asyncopenai.aot;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.util.Converter;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.asyncopenai.aot.shapes.Content;
import io.asyncopenai.aot.shapes.MessageCreateParams;
import io.asyncopenai.aot.shapes.Roles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every model and params type has the reflection hints Jackson needs to read and write it
 * in a native image. The types are found by walking the compiled classes, not by the
 * registrar's own scan; the shapes the generator writes are also proven on the small fixed
 * types of {@code io.asyncopenai.aot.shapes}, which do not change with the description.
 */
class OpenAIRuntimeHintsTests {

	// What Jackson creates or inspects from an annotation, rather than binds JSON to.
	private static final List<Class<?>> JACKSON_HANDLERS = List.of(ValueDeserializer.class, ValueSerializer.class,
			KeyDeserializer.class, Converter.class, TypeIdResolver.class, TypeReference.class);

	private static List<Class<?>> modelTypes;

	private static List<Class<?>> shapeTypes;

	private static List<Class<?>> allTypes;

	private static RuntimeHints hints;

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@BeforeAll
	static void registerHints() throws IOException, URISyntaxException {
		ClassLoader classLoader = OpenAIRuntimeHintsTests.class.getClassLoader();
		modelTypes = compiledTypes(OpenAIRuntimeHints.class, "io/asyncopenai/models");
		shapeTypes = compiledTypes(OpenAIRuntimeHintsTests.class, "io/asyncopenai/aot/shapes");
		allTypes = Stream.concat(modelTypes.stream(), shapeTypes.stream()).toList();
		hints = new RuntimeHints();
		new OpenAIRuntimeHints().registerHints(hints, classLoader);
		OpenAIRuntimeHints.registerBinding(hints.reflection(),
				OpenAIRuntimeHints.findTypes("classpath*:io/asyncopenai/aot/shapes/**/*.class", classLoader));
	}

	@Test
	void modelTypesAreFoundNestedOnesAndDeserializersIncluded() {
		assertThat(modelTypes).extracting(Class::getName)
			.contains("io.asyncopenai.models.chat.completions.ChatCompletion",
					"io.asyncopenai.models.chat.completions.ChatCompletion$Choice",
					"io.asyncopenai.models.chat.completions.ChatCompletionStreamResponseDelta",
					"io.asyncopenai.models.chat.completions.ChatCompletionCreateParams$Builder",
					"io.asyncopenai.models.embeddings.EmbeddingVectorDeserializer",
					"io.asyncopenai.models.models.Model", "io.asyncopenai.models.responses.Response",
					"io.asyncopenai.models.responses.UnknownResponseOutputItem",
					"io.asyncopenai.models.OutputMessageContent$OutputText");
	}

	@Test
	void shapesAreFoundAnonymousClassesIncluded() {
		assertThat(shapeTypes).extracting(Class::getName)
			.contains("io.asyncopenai.aot.shapes.Content", "io.asyncopenai.aot.shapes.Content$OfParts",
					"io.asyncopenai.aot.shapes.Content$Deserializer", "io.asyncopenai.aot.shapes.Content$Deserializer$1",
					"io.asyncopenai.aot.shapes.MessageCreateParams$Builder", "io.asyncopenai.aot.shapes.Roles");
	}

	@Test
	void shapesAreWhatJacksonReadsAndWrites() {
		JsonMapper mapper = JsonMapper.builder().build();
		assertThat(mapper.readValue("\"hi\"", Content.class)).isEqualTo(new Content.OfString("hi"));
		Content parts = mapper.readValue("[{\"type\": \"text\", \"text\": \"hi\", \"extra\": 1}]", Content.class);
		assertThat(parts).isInstanceOfSatisfying(Content.OfParts.class,
				(ofParts) -> assertThat(ofParts.value().get(0).additionalProperties()).containsKey("extra"));
		assertThat(mapper.readValue("{\"a\": 1}", Content.class)).isInstanceOf(Content.Unknown.class);
		MessageCreateParams params = MessageCreateParams.builder()
			.role(Roles.USER)
			.content(new Content.OfString("hi"))
			.extraBody("store", true)
			.build();
		assertThat(mapper.<JsonNode>valueToTree(params))
			.isEqualTo(mapper.readTree("{\"role\": \"user\", \"content\": \"hi\", \"store\": true}"));
	}

	@Test
	void everyModelTypeIsRegistered() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : allTypes) {
			check(missing, typeHint(type), type.getName());
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyRecordCanBeCreatedAndReadThroughItsComponents() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : allTypes) {
			if (type.isRecord()) {
				check(missing, this.reflection.onConstructorInvocation(canonicalConstructor(type)),
						"canonical constructor of " + type.getName());
				for (RecordComponent component : type.getRecordComponents()) {
					check(missing, this.reflection.onMethodInvocation(component.getAccessor()),
							"accessor " + type.getName() + "." + component.getName() + "()");
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyBoundTypeHasItsFieldsAndProperties() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : allTypes) {
			if (isBound(type)) {
				for (Field field : type.getDeclaredFields()) {
					// Jackson binds instance fields only; constants are read by the compiled code.
					if (!Modifier.isStatic(field.getModifiers())) {
						check(missing, this.reflection.onFieldAccess(field),
								"field " + type.getName() + "." + field.getName());
					}
				}
				for (Method method : type.getMethods()) {
					if (method.getDeclaringClass() != Object.class && method.getDeclaringClass() != Enum.class
							&& isProperty(method)) {
						check(missing, this.reflection.onMethodInvocation(method), "property " + method);
					}
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyMethodWithAJacksonAnnotationCanBeInvoked() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : allTypes) {
			for (Method method : type.getDeclaredMethods()) {
				if (!method.isSynthetic() && jacksonAnnotations(method).findAny().isPresent()) {
					check(missing, this.reflection.onMethodInvocation(method), "annotated method " + method);
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyJacksonHandlerCanBeCreated() {
		List<String> missing = new ArrayList<>();
		for (Class<?> type : allTypes) {
			if (isJacksonHandler(type) && !Modifier.isAbstract(type.getModifiers())) {
				check(missing, typeHint(type), type.getName());
				// Anonymous TypeReference subclasses are only inspected; Spring's predicates take
				// no member of a class without a canonical name.
				if (!TypeReference.class.isAssignableFrom(type)) {
					for (Constructor<?> constructor : type.getDeclaredConstructors()) {
						check(missing, this.reflection.onConstructorInvocation(constructor), "constructor " + constructor);
					}
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyClassAJacksonAnnotationNamesCanBeCreated() {
		Set<Class<?>> named = new LinkedHashSet<>();
		for (Class<?> type : allTypes) {
			annotatedElements(type).flatMap(OpenAIRuntimeHintsTests::jacksonAnnotations)
				.forEach((annotation) -> collectProjectClasses(annotation, named));
		}
		assertThat(named).extracting(Class::getName)
			.contains("io.asyncopenai.models.embeddings.EmbeddingVectorDeserializer",
					"io.asyncopenai.models.responses.ResponseStreamEvent$Deserializer",
					"io.asyncopenai.models.responses.ResponseOutputItem$Deserializer");
		List<String> missing = new ArrayList<>();
		for (Class<?> type : named) {
			check(missing, typeHint(type), type.getName());
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				check(missing, this.reflection.onConstructorInvocation(constructor), "constructor " + constructor);
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyPermittedSubtypeOfASealedTypeIsRegistered() {
		List<String> missing = new ArrayList<>();
		int sealed = 0;
		for (Class<?> type : allTypes) {
			if (type.isSealed()) {
				sealed++;
				for (Class<?> subtype : type.getPermittedSubclasses()) {
					check(missing, typeHint(subtype), subtype.getName() + " of " + type.getName());
				}
			}
		}
		assertThat(sealed).isPositive();
		assertThat(missing).isEmpty();
	}

	@Test
	void versionResourceIsIncluded() {
		assertThat(getClass().getClassLoader().getResource("io/asyncopenai/version.properties")).isNotNull();
		assertThat(RuntimeHintsPredicates.resource().forResource("io/asyncopenai/version.properties")).accepts(hints);
	}

	@Test
	void classesTheClientLooksUpByNameAreRegistered() throws ClassNotFoundException {
		ClassLoader classLoader = getClass().getClassLoader();
		Class<?> reactorNetty = Class.forName("reactor.netty.http.client.HttpClient", false, classLoader);
		Class<?> wiretap = Class.forName("io.asyncopenai.http.RedactingLoggingHandler", false, classLoader);
		assertThat(this.reflection.onType(reactorNetty)).accepts(hints);
		assertThat(this.reflection.onType(wiretap)).accepts(hints);
	}

	@Test
	void registrarIsListedInAotFactories() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(OpenAIRuntimeHints.class);
	}

	private static void check(List<String> missing, Predicate<RuntimeHints> predicate, String what) {
		if (!predicate.test(hints)) {
			missing.add(what);
		}
	}

	private Predicate<RuntimeHints> typeHint(Class<?> type) {
		// Spring's TypeReference takes anonymous and local classes by name only.
		return (type.getCanonicalName() != null) ? this.reflection.onType(type)
				: this.reflection.onType(org.springframework.aot.hint.TypeReference.of(type.getName()));
	}

	/** Records, params classes and their builders: what Jackson binds or a user builds. */
	private static boolean isBound(Class<?> type) {
		return !type.isInterface() && !type.isAnonymousClass() && !type.isLocalClass() && !isJacksonHandler(type);
	}

	private static boolean isJacksonHandler(Class<?> type) {
		return JACKSON_HANDLERS.stream().anyMatch((handler) -> handler.isAssignableFrom(type));
	}

	private static boolean isProperty(Method method) {
		String name = method.getName();
		return (name.startsWith("get") && method.getParameterCount() == 0 && method.getReturnType() != void.class)
				|| (name.startsWith("is") && method.getParameterCount() == 0 && method.getReturnType() == boolean.class)
				|| (name.startsWith("set") && method.getParameterCount() == 1);
	}

	private static Constructor<?> canonicalConstructor(Class<?> type) {
		Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents())
			.map(RecordComponent::getType)
			.toArray(Class<?>[]::new);
		try {
			return type.getDeclaredConstructor(parameterTypes);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Stream<AnnotatedElement> annotatedElements(Class<?> type) {
		Stream<AnnotatedElement> members = Stream.of(type.getDeclaredFields(), type.getDeclaredMethods(),
				type.getDeclaredConstructors())
			.flatMap(Arrays::stream);
		Stream<AnnotatedElement> parameters = Stream
			.concat(Arrays.stream(type.getDeclaredMethods()), Arrays.stream(type.getDeclaredConstructors()))
			.flatMap((executable) -> Arrays.stream(executable.getParameters()));
		Stream<AnnotatedElement> components = type.isRecord() ? Arrays.stream(type.getRecordComponents())
				: Stream.empty();
		return Stream.of(Stream.<AnnotatedElement>of(type), members, parameters, components).flatMap((s) -> s);
	}

	private static Stream<Annotation> jacksonAnnotations(AnnotatedElement element) {
		return Arrays.stream(element.getDeclaredAnnotations()).filter((annotation) -> {
			String name = annotation.annotationType().getName();
			return name.startsWith("com.fasterxml.jackson.annotation.")
					|| name.startsWith("tools.jackson.databind.annotation.");
		});
	}

	/** The project's classes among an annotation's values, nested annotations included. */
	private static void collectProjectClasses(Annotation annotation, Set<Class<?>> classes) {
		for (Method attribute : annotation.annotationType().getDeclaredMethods()) {
			Object value;
			try {
				value = attribute.invoke(annotation);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
			Object[] values = (value instanceof Object[] array) ? array : new Object[] { value };
			for (Object element : values) {
				if (element instanceof Class<?> type && type.getName().startsWith("io.asyncopenai.")) {
					classes.add(type);
				}
				else if (element instanceof Annotation nested) {
					collectProjectClasses(nested, classes);
				}
			}
		}
	}

	/**
	 * The classes compiled into a package and its subpackages, named from their paths.
	 */
	private static List<Class<?>> compiledTypes(Class<?> anchor, String packagePath)
			throws IOException, URISyntaxException {
		Path classes = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path root = classes.resolve(packagePath);
		assertThat(root).isDirectory();
		List<Class<?>> types = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).sorted().toList()) {
				String path = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
				String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
				if (!name.endsWith(".package-info")) {
					types.add(Class.forName(name, false, anchor.getClassLoader()));
				}
			}
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		return types;
	}

}
