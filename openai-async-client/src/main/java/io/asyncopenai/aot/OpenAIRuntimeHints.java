package io.asyncopenai.aot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;
import org.springframework.util.ClassUtils;

/**
 * Registers what Jackson and the client read reflectively, so that the client works in a
 * GraalVM native image.
 *
 * <p>Every class under {@code io.asyncopenai.models} is found by scanning the class files
 * at build time, so that types added to the models, generated or written by hand, need no
 * listing here.
 */
final class OpenAIRuntimeHints implements RuntimeHintsRegistrar {

	static final String MODEL_CLASSES = "classpath*:io/asyncopenai/models/**/*.class";

	static final String VERSION_RESOURCE = "io/asyncopenai/version.properties";

	// OpenAIHttpClient looks it up by name to fail with a helpful message when it is missing.
	static final String REACTOR_NETTY_CLASS = "reactor.netty.http.client.HttpClient";

	// Netty looks up a handler's public methods and its @Sharable annotation reflectively,
	// as the metadata Netty ships for its own handlers says.
	static final String WIRETAP_HANDLER_CLASS = "io.asyncopenai.http.RedactingLoggingHandler";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : OpenAIRuntimeHints.class.getClassLoader();
		registerBinding(hints.reflection(), findTypes(MODEL_CLASSES, loader));
		hints.resources().registerPattern(VERSION_RESOURCE);
		hints.reflection().registerType(TypeReference.of(REACTOR_NETTY_CLASS));
		hints.reflection().registerType(TypeReference.of(WIRETAP_HANDLER_CLASS));
	}

	/**
	 * Registers what Jackson needs to read and write the given types.
	 * @param reflection the hints to add to
	 * @param types the types
	 */
	static void registerBinding(ReflectionHints reflection, Iterable<Class<?>> types) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		for (Class<?> type : types) {
			if (type.getCanonicalName() == null) {
				// Anonymous and local classes, such as a TypeReference subclass that keeps a
				// generic type: Spring ignores them when given as a class, not by name.
				reflection.registerType(TypeReference.of(type.getName()), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
			}
			else if (extendsJackson(type)) {
				// Deserializers and converters: Jackson creates them, it does not bind them.
				reflection.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
			}
			else {
				binding.registerReflectionHints(reflection, type);
			}
		}
	}

	/**
	 * The classes whose class files match a pattern, nested, anonymous and package-private
	 * ones included, sorted by name.
	 * @param pattern the pattern of class files, for example {@value #MODEL_CLASSES}
	 * @param classLoader the class loader to scan and load with
	 * @return the classes
	 */
	static List<Class<?>> findTypes(String pattern, ClassLoader classLoader) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		// The name is read from the class file itself, which holds in a jar, a directory or
		// a nested jar alike, where a name made from the resource's URL would not.
		MetadataReaderFactory readers = new SimpleMetadataReaderFactory(resolver);
		Set<String> names = new TreeSet<>();
		try {
			for (Resource resource : resolver.getResources(pattern)) {
				String name = readers.getMetadataReader(resource).getClassMetadata().getClassName();
				if (!name.endsWith(".package-info")) {
					names.add(name);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not scan " + pattern, ex);
		}
		List<Class<?>> types = new ArrayList<>(names.size());
		for (String name : names) {
			Class<?> type = ClassUtils.resolveClassName(name, classLoader);
			if (!type.isSynthetic()) {
				types.add(type);
			}
		}
		return types;
	}

	private static boolean extendsJackson(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (isJackson(current)) {
				return true;
			}
		}
		return ClassUtils.getAllInterfacesForClassAsSet(type).stream().anyMatch(OpenAIRuntimeHints::isJackson);
	}

	private static boolean isJackson(Class<?> type) {
		String name = type.getName();
		return name.startsWith("tools.jackson.") || name.startsWith("com.fasterxml.jackson.");
	}

}
