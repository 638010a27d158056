package io.asyncopenai.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.palantir.javapoet.ClassName;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * Where each named schema goes: its Java name (the map's, or the schema's in PascalCase), its
 * package (the resource whose operations use it, {@code io.asyncopenai.models} when several
 * resources share it), or the hand-written type of the same name that takes its place.
 */
final class Placement {

	static final String MODELS = "io.asyncopenai.models";

	private final ResourceMap map;

	private final Map<String, ClassName> handwritten;

	private final Map<String, String> packages = new HashMap<>();

	Placement(Spec spec, ResourceMap map, Path handwrittenSources) {
		this.map = map;
		this.handwritten = handwrittenModels(handwrittenSources);
		Map<String, Set<String>> users = new LinkedHashMap<>();
		for (ResourceMap.Operation operation : map.operations.values()) {
			Operation described = operation(spec, operation);
			Set<String> refs = new LinkedHashSet<>();
			for (io.swagger.v3.oas.models.media.Schema<?> schema : schemasOf(described)) {
				spec.collectRefs(schema, refs);
			}
			refs.forEach((name) -> users.computeIfAbsent(name, (key) -> new LinkedHashSet<>()).add(operation.service()));
		}
		Map<String, String> owners = owners(spec, map);
		for (String name : spec.schemas.keySet()) {
			String owner = owners.get(name);
			this.packages.put(name, (owner != null) ? modelsPackage(owner)
					: packageFor(name, users.getOrDefault(name, Set.of())));
		}
	}

	/**
	 * The service whose operation first answers with a schema, or with a page of it: that
	 * resource owns the type, as {@code files} owns {@code FileObject}.
	 */
	private static Map<String, String> owners(Spec spec, ResourceMap map) {
		Map<String, List<String>> candidates = new LinkedHashMap<>();
		for (ResourceMap.Operation operation : map.operations.values()) {
			Operation described = operation(spec, operation);
			for (Map.Entry<String, ApiResponse> response : described.getResponses().entrySet()) {
				if (!response.getKey().startsWith("2") || response.getValue().getContent() == null) {
					continue;
				}
				for (MediaType media : response.getValue().getContent().values()) {
					io.swagger.v3.oas.models.media.Schema<?> schema = media.getSchema();
					if (schema == null || schema.get$ref() == null) {
						continue;
					}
					String name = Spec.refName(schema.get$ref());
					candidates.computeIfAbsent(name, (key) -> new ArrayList<>()).add(operation.service());
					io.swagger.v3.oas.models.media.Schema<?> data = spec.merge(spec.schema(name)).properties.get("data");
					if (data != null && data.getItems() != null && data.getItems().get$ref() != null) {
						candidates.computeIfAbsent(Spec.refName(data.getItems().get$ref()), (key) -> new ArrayList<>())
							.add(operation.service());
					}
				}
			}
		}
		Map<String, String> owners = new HashMap<>();
		candidates.forEach((name, services) -> owners.put(name, services.stream()
			.min(Comparator.comparing((String service) -> !names(name, service))
				.thenComparing((service) -> service.split("\\.").length))
			.orElseThrow()));
		return owners;
	}

	/** Whether a service's resource is named in a schema's name: {@code files} in {@code VectorStoreFile}. */
	private static boolean names(String schema, String service) {
		String resource = Names.singular(service.substring(service.lastIndexOf('.') + 1));
		return schema.toLowerCase(java.util.Locale.ROOT).contains(resource.toLowerCase(java.util.Locale.ROOT));
	}

	static Operation operation(Spec spec, ResourceMap.Operation operation) {
		PathItem item = spec.api.getPaths().get(operation.pathKey());
		if (item == null) {
			throw new IllegalStateException("The map's " + operation.id() + " names a path the description lacks: "
					+ operation.http());
		}
		Operation described = switch (operation.httpMethod()) {
			case "GET" -> item.getGet();
			case "POST" -> item.getPost();
			case "DELETE" -> item.getDelete();
			case "PUT" -> item.getPut();
			case "PATCH" -> item.getPatch();
			default -> null;
		};
		if (described == null || !operation.id().equals(described.getOperationId())) {
			throw new IllegalStateException("The map's " + operation.id() + " does not match the description's "
					+ operation.http() + ((described != null) ? " (" + described.getOperationId() + ")" : ""));
		}
		return described;
	}

	static List<io.swagger.v3.oas.models.media.Schema<?>> schemasOf(Operation operation) {
		List<io.swagger.v3.oas.models.media.Schema<?>> schemas = new ArrayList<>();
		if (operation.getParameters() != null) {
			for (Parameter parameter : operation.getParameters()) {
				if (parameter.getSchema() != null) {
					schemas.add(parameter.getSchema());
				}
			}
		}
		if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
			for (MediaType media : operation.getRequestBody().getContent().values()) {
				if (media.getSchema() != null) {
					schemas.add(media.getSchema());
				}
			}
		}
		if (operation.getResponses() != null) {
			for (ApiResponse response : operation.getResponses().values()) {
				if (response.getContent() != null) {
					for (MediaType media : response.getContent().values()) {
						if (media.getSchema() != null) {
							schemas.add(media.getSchema());
						}
					}
				}
			}
		}
		return schemas;
	}

	private static String packageFor(String name, Set<String> services) {
		if (services.isEmpty()) {
			if (name.startsWith("Realtime")) {
				return MODELS + ".realtime";
			}
			if (name.startsWith("Webhook")) {
				return MODELS + ".webhooks";
			}
			return MODELS;
		}
		List<String> common = null;
		for (String service : services) {
			List<String> segments = List.of(service.split("\\."));
			if (common == null) {
				common = segments;
			}
			else {
				int n = 0;
				while (n < common.size() && n < segments.size() && common.get(n).equals(segments.get(n))) {
					n++;
				}
				common = common.subList(0, n);
			}
		}
		return common.isEmpty() ? MODELS : MODELS + "." + Names.packageSegment(String.join(".", common));
	}

	/** The package of the models and params of a service path. */
	static String modelsPackage(String service) {
		return MODELS + "." + Names.packageSegment(service);
	}

	String simpleName(String schema) {
		return this.map.types.getOrDefault(schema, Names.pascal(schema));
	}

	ClassName className(String schema) {
		return ClassName.get(this.packages.get(schema), simpleName(schema));
	}

	boolean isHandwritten(String schema) {
		return this.handwritten.containsKey(simpleName(schema));
	}

	ClassName handwritten(String schema) {
		return this.handwritten.get(simpleName(schema));
	}

	/** A hand-written type by simple name, for params types the map names. */
	ClassName handwrittenType(String simpleName) {
		return this.handwritten.get(simpleName);
	}

	/** The top-level hand-written model types, by simple name. */
	private static Map<String, ClassName> handwrittenModels(Path sources) {
		Map<String, ClassName> types = new HashMap<>();
		Path models = sources.resolve(MODELS.replace('.', '/'));
		if (!Files.isDirectory(models)) {
			return types;
		}
		try (Stream<Path> files = Files.walk(models)) {
			files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> !file.getFileName().toString().equals("package-info.java"))
				.sorted()
				.forEach((file) -> {
					String relative = sources.relativize(file.getParent()).toString().replace('/', '.');
					String simple = file.getFileName().toString().replace(".java", "");
					ClassName previous = types.put(simple, ClassName.get(relative, simple));
					if (previous != null) {
						throw new IllegalStateException("Two hand-written models are named " + simple + ": "
								+ previous + " and " + relative + "." + simple);
					}
				});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return types;
	}

}
