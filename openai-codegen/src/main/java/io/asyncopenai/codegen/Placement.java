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
import io.swagger.v3.oas.models.media.Schema;
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

	/** Schemas the map keeps in a package: they never move, others move around them. */
	private final Set<String> fixed = new LinkedHashSet<>();

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
		map.models.forEach((name, model) -> {
			if (model.packageName() != null && spec.schemas.containsKey(name)) {
				fix(name, MODELS + "." + model.packageName());
			}
		});
		map.models.forEach((name, model) -> {
			if (model.subtypeVariants()) {
				if (model.packageName() == null) {
					// Its subtypes must share its package to be permitted: neither may move.
					throw new IllegalStateException("The resource map gives " + name
							+ " subtype variants but no package to keep them in");
				}
				for (String variant : subtypeVariants(spec, name)) {
					fix(variant, this.packages.get(name));
				}
			}
		});
	}

	private void fix(String schema, String packageName) {
		String previous = this.fixed.add(schema) ? null : this.packages.get(schema);
		if (previous != null && !previous.equals(packageName)) {
			throw new IllegalStateException("The resource map keeps " + schema + " in both " + previous + " and "
					+ packageName);
		}
		this.packages.put(schema, packageName);
	}

	/**
	 * The schemas a union the map gives subtype variants is made of: each must be a named object
	 * schema (or such a schema with optional properties added, see {@link Spec#variantName}),
	 * which becomes a record implementing the union.
	 */
	@SuppressWarnings("rawtypes")
	static List<String> subtypeVariants(Spec spec, String union) {
		List<Schema> variants = Spec.unionOf(spec.schema(union));
		if (variants == null) {
			throw new IllegalStateException("The resource map gives " + union + " subtype variants, but it is not a union");
		}
		List<String> names = new ArrayList<>();
		for (Schema variant : variants) {
			if (Spec.isNullType(variant)) {
				continue;
			}
			String name = Spec.variantName(variant);
			if (name == null || !Spec.isObject(spec.schema(name))) {
				throw new IllegalStateException("The resource map gives " + union
						+ " subtype variants, but one of its variants is not a named object schema");
			}
			names.add(name);
		}
		return names;
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

	/**
	 * Moves types until no packages depend on each other in a cycle. Within a cycle, a type one
	 * package refers to in another moves up to the two packages' common ancestor; a type that
	 * refers to a hand-written one (which cannot move) moves to that one's package instead,
	 * and pulls its referrers in the cycle with it. Types outside cycles stay where their
	 * resource put them.
	 * @param declared the schemas that become generated types
	 * @param paramsReferences for each params package, the schemas its params types refer to
	 */
	void keepAcyclic(Spec spec, Set<String> declared, Map<String, Set<String>> paramsReferences) {
		Map<String, Set<String>> references = new LinkedHashMap<>();
		Set<String> targets = new LinkedHashSet<>(declared);
		spec.schemas.keySet().stream().filter(this::isHandwritten).forEach(targets::add);
		for (String name : declared) {
			references.put(name, directReferences(spec, spec.schema(name), targets, name));
		}
		Set<String> pinned = new LinkedHashSet<>(this.fixed);
		for (int round = 0; round < 200; round++) {
			Map<String, Integer> component = cycles(references, paramsReferences);
			boolean moved = false;
			for (Map.Entry<String, Set<String>> entry : references.entrySet()) {
				String from = entry.getKey();
				for (String to : entry.getValue()) {
					String fromPackage = this.packages.get(from);
					String toPackage = packageOf(to);
					if (fromPackage.equals(toPackage) || !inOneCycle(component, fromPackage, toPackage)) {
						continue;
					}
					if (isHandwritten(to) || pinned.contains(to)) {
						if (this.fixed.contains(from)) {
							throw new IllegalStateException("The resource map keeps " + from + " in " + fromPackage
									+ " and " + to + " in " + toPackage + ", which makes a package cycle");
						}
						this.packages.put(from, toPackage);
						pinned.add(from);
					}
					else {
						this.packages.put(to, commonAncestor(fromPackage, toPackage));
					}
					moved = true;
				}
			}
			for (Map.Entry<String, Set<String>> entry : paramsReferences.entrySet()) {
				for (String to : entry.getValue()) {
					String toPackage = packageOf(to);
					if (declared.contains(to) && !pinned.contains(to) && !entry.getKey().equals(toPackage)
							&& inOneCycle(component, entry.getKey(), toPackage)) {
						this.packages.put(to, commonAncestor(entry.getKey(), toPackage));
						moved = true;
					}
				}
			}
			if (!moved) {
				return;
			}
		}
		throw new IllegalStateException("Could not place the models without package cycles");
	}

	private static boolean inOneCycle(Map<String, Integer> component, String a, String b) {
		Integer left = component.get(a);
		return left != null && left.equals(component.get(b));
	}

	/** The packages that are in a cycle, by the cycle (strongly connected component) they are in. */
	private Map<String, Integer> cycles(Map<String, Set<String>> references, Map<String, Set<String>> paramsReferences) {
		Map<String, Set<String>> graph = new java.util.TreeMap<>();
		references.forEach((from, targets) -> targets
			.forEach((to) -> edge(graph, this.packages.get(from), packageOf(to))));
		paramsReferences.forEach((from, targets) -> targets.forEach((to) -> edge(graph, from, packageOf(to))));
		// Parent and child packages that refer to each other form cycles like any other pair.
		Map<String, Integer> index = new HashMap<>();
		Map<String, Integer> low = new HashMap<>();
		java.util.Deque<String> stack = new java.util.ArrayDeque<>();
		Set<String> onStack = new java.util.HashSet<>();
		Map<String, Integer> component = new HashMap<>();
		int[] counter = { 0, 0 };
		for (String node : graph.keySet()) {
			if (!index.containsKey(node)) {
				strongConnect(node, graph, index, low, stack, onStack, component, counter);
			}
		}
		Map<Integer, Integer> sizes = new HashMap<>();
		component.values().forEach((id) -> sizes.merge(id, 1, Integer::sum));
		component.values().removeIf((id) -> sizes.get(id) < 2);
		return component;
	}

	private static void edge(Map<String, Set<String>> graph, String from, String to) {
		if (!from.equals(to)) {
			graph.computeIfAbsent(from, (key) -> new java.util.TreeSet<>()).add(to);
			graph.computeIfAbsent(to, (key) -> new java.util.TreeSet<>());
		}
	}

	private static void strongConnect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
			Map<String, Integer> low, java.util.Deque<String> stack, Set<String> onStack, Map<String, Integer> component,
			int[] counter) {
		index.put(node, counter[0]);
		low.put(node, counter[0]);
		counter[0]++;
		stack.push(node);
		onStack.add(node);
		for (String next : graph.getOrDefault(node, Set.of())) {
			if (!index.containsKey(next)) {
				strongConnect(next, graph, index, low, stack, onStack, component, counter);
				low.put(node, Math.min(low.get(node), low.get(next)));
			}
			else if (onStack.contains(next)) {
				low.put(node, Math.min(low.get(node), index.get(next)));
			}
		}
		if (low.get(node).equals(index.get(node))) {
			int id = counter[1]++;
			String member;
			do {
				member = stack.pop();
				onStack.remove(member);
				component.put(member, id);
			}
			while (!member.equals(node));
		}
	}

	private String packageOf(String schema) {
		ClassName handwritten = handwritten(schema);
		return (handwritten != null) ? handwritten.packageName() : this.packages.get(schema);
	}

	private static String commonAncestor(String a, String b) {
		String[] left = a.split("\\.");
		String[] right = b.split("\\.");
		StringBuilder common = new StringBuilder();
		for (int i = 0; i < Math.min(left.length, right.length) && left[i].equals(right[i]); i++) {
			common.append((i > 0) ? "." : "").append(left[i]);
		}
		return common.toString();
	}

	/**
	 * The declared schemas a schema refers to, seeing through the ones that are not declared
	 * (aliases such as {@code X | null}); {@code $recursiveRef} refers to the schema itself.
	 */
	static Set<String> directReferences(Spec spec, io.swagger.v3.oas.models.media.Schema<?> schema,
			Set<String> declared, String self) {
		Set<String> into = new LinkedHashSet<>();
		directReferences(spec, schema, declared, into, new java.util.HashSet<>());
		into.remove(self);
		return into;
	}

	private static void directReferences(Spec spec, io.swagger.v3.oas.models.media.Schema<?> schema,
			Set<String> declared, Set<String> into, Set<String> aliasesSeen) {
		if (schema == null) {
			return;
		}
		if (schema.get$ref() != null) {
			String name = Spec.refName(schema.get$ref());
			if (declared.contains(name)) {
				into.add(name);
			}
			else if (aliasesSeen.add(name)) {
				directReferences(spec, spec.schema(name), declared, into, aliasesSeen);
			}
			return;
		}
		for (io.swagger.v3.oas.models.media.Schema<?> part : Spec.parts(schema)) {
			directReferences(spec, part, declared, into, aliasesSeen);
		}
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
