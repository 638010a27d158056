package io.asyncopenai.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.lang.model.element.Modifier;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * Writes a service class per node of the map's service tree, with a method (and its
 * overloads) per operation, and a params type per operation: path, query and body fields
 * behind a builder.
 */
final class ServiceGenerator {

	static final String SERVICES = "io.asyncopenai.services";

	private final Spec spec;

	private final ResourceMap map;

	private final ModelGenerator models;

	private final Placement placement;

	private final Path sources;

	private final Map<ClassName, TypeSpec> types = new LinkedHashMap<>();

	/** Operations left to the next issues, with why. */
	final Map<String, String> skipped = new TreeMap<>();

	/** Operations with a typed method. */
	final List<String> generated = new ArrayList<>();

	ServiceGenerator(Spec spec, ResourceMap map, ModelGenerator models, Placement placement, Path sources) {
		this.spec = spec;
		this.map = map;
		this.models = models;
		this.placement = placement;
		this.sources = sources;
	}

	/** For each params package, the declared schemas its params types refer to. */
	static Map<String, Set<String>> paramsReferences(Spec spec, ResourceMap map, Set<String> declared) {
		Map<String, Set<String>> references = new TreeMap<>();
		for (ResourceMap.Operation mapped : map.operations.values()) {
			Operation operation = Placement.operation(spec, mapped);
			Set<String> into = references.computeIfAbsent(Placement.modelsPackage(mapped.service()),
					(key) -> new java.util.LinkedHashSet<>());
			if (operation.getParameters() != null) {
				for (Parameter parameter : operation.getParameters()) {
					into.addAll(Placement.directReferences(spec, parameter.getSchema(), declared, ""));
				}
			}
			RequestBody body = RequestBody.of(spec, operation);
			if (body != null && body.schema() != null) {
				Schema<?> target = spec.deref(body.schema());
				// An object body is flattened into the params: what its properties refer to counts.
				into.addAll(Spec.isObject(target) ? Placement.directReferences(spec, target, declared, "")
						: Placement.directReferences(spec, body.schema(), declared, ""));
			}
			for (ApiResponse response : operation.getResponses().values()) {
				if (response.getContent() != null) {
					for (MediaType media : response.getContent().values()) {
						if (media.getSchema() != null && media.getSchema().get$ref() == null) {
							into.addAll(Placement.directReferences(spec, media.getSchema(), declared, ""));
						}
					}
				}
			}
		}
		return references;
	}

	Map<ClassName, TypeSpec> generate() {
		Map<String, Node> nodes = new TreeMap<>();
		for (ResourceMap.Operation operation : this.map.operations.values()) {
			String path = operation.service();
			node(nodes, path).operations.add(operation);
		}
		Map<String, ClassName> classNames = classNames(nodes.keySet());
		nodes.values().forEach((node) -> node.className = classNames.get(node.path));
		for (Node node : nodes.values()) {
			this.types.put(node.className, service(node, nodes));
		}
		this.types.put(ClassName.get("io.asyncopenai", "AsyncOpenAIServices"), root(nodes));
		return this.types;
	}

	private static Node node(Map<String, Node> nodes, String path) {
		Node node = nodes.get(path);
		if (node == null) {
			node = new Node(path);
			nodes.put(path, node);
			int dot = path.lastIndexOf('.');
			if (dot > 0) {
				node(nodes, path.substring(0, dot)).children.add(node);
			}
		}
		return node;
	}

	/**
	 * Service class names: the resource's singular name, prefixed with its parent's where two
	 * resources would share a name ({@code files} and {@code vectorStores.files}).
	 */
	private static Map<String, ClassName> classNames(Set<String> paths) {
		Map<String, Integer> counts = new HashMap<>();
		for (String path : paths) {
			counts.merge(shortName(path), 1, Integer::sum);
		}
		Map<String, ClassName> names = new HashMap<>();
		for (String path : paths) {
			int dot = path.lastIndexOf('.');
			String parent = (dot > 0) ? path.substring(0, dot) : null;
			String simple = shortName(path);
			if (counts.get(simple) > 1 && parent != null) {
				simple = Names.singular(parent.substring(parent.lastIndexOf('.') + 1)) + simple;
			}
			String packageName = (parent != null) ? SERVICES + "." + Names.packageSegment(parent) : SERVICES;
			names.put(path, ClassName.get(packageName, simple));
		}
		return names;
	}

	private static String shortName(String path) {
		return Names.singular(path.substring(path.lastIndexOf('.') + 1)) + "Service";
	}

	private TypeSpec root(Map<String, Node> nodes) {
		ClassName name = ClassName.get("io.asyncopenai", "AsyncOpenAIServices");
		TypeSpec.Builder root = TypeSpec.classBuilder(name)
			.addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
			.addJavadoc("The API's resources, as {@link AsyncOpenAI} offers them: one accessor per resource of the API description.\n");
		MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
			.addParameter(Types.API_CALLER, "caller");
		for (Node node : nodes.values()) {
			if (node.path.contains(".")) {
				continue;
			}
			addChild(root, constructor, node);
		}
		return root.addMethod(constructor.build()).build();
	}

	private static void addChild(TypeSpec.Builder type, MethodSpec.Builder constructor, Node child) {
		String field = Names.camel(child.path.substring(child.path.lastIndexOf('.') + 1));
		type.addField(FieldSpec.builder(child.className, field, Modifier.PRIVATE, Modifier.FINAL).build());
		constructor.addStatement("this.$L = new $T(caller)", field, child.className);
		type.addMethod(MethodSpec.methodBuilder(field)
			.addModifiers(Modifier.PUBLIC)
			.returns(child.className)
			.addJavadoc("The {@code $L} resource.\n@return its service\n", child.path)
			.addStatement("return this.$L", field)
			.build());
	}

	private TypeSpec service(Node node, Map<String, Node> nodes) {
		ClassName base = node.className.peerClass(node.className.simpleName() + "Base");
		boolean handwrittenBase = Files.exists(this.sources
			.resolve(base.packageName().replace('.', '/'))
			.resolve(base.simpleName() + ".java"));
		TypeSpec.Builder service = TypeSpec.classBuilder(node.className)
			.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
			.addAnnotation(Types.SUPPRESS_DEPRECATION)
			.addJavadoc("The {@code $L} resource of the API.\n", node.path);
		MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
			.addModifiers(Modifier.PUBLIC)
			.addParameter(Types.API_CALLER, "caller")
			.addJavadoc("Creates the service over the client's request pipeline.\n@param caller the pipeline\n");
		if (handwrittenBase) {
			service.superclass(base);
			constructor.addStatement("super(caller)");
		}
		service.addField(FieldSpec.builder(Types.API_CALLER, "caller", Modifier.PRIVATE, Modifier.FINAL).build());
		constructor.addStatement("this.caller = caller");
		for (Node child : node.children) {
			addChild(service, constructor, child);
		}
		for (ResourceMap.Operation operation : node.operations) {
			if (operation.handwritten()) {
				if (!handwrittenBase) {
					throw new IllegalStateException(operation.id() + " is marked hand-written but " + base
							+ " does not exist");
				}
				// The base has the methods; the params are generated all the same.
				operation(TypeSpec.classBuilder("Discarded"), operation);
				continue;
			}
			operation(service, operation);
		}
		service.addMethod(constructor.build());
		return service.build();
	}

	private void operation(TypeSpec.Builder service, ResourceMap.Operation mapped) {
		Operation operation = Placement.operation(this.spec, mapped);
		RequestBody body = RequestBody.of(this.spec, operation);
		if (body != null && body.schema() == null) {
			this.skipped.put(mapped.id(), "request body is " + operation.getRequestBody().getContent().keySet());
			return;
		}
		Schema<?> requestBody = (body != null) ? body.schema() : null;
		ApiResponse success = null;
		for (Map.Entry<String, ApiResponse> response : operation.getResponses().entrySet()) {
			if (response.getKey().startsWith("2")) {
				success = response.getValue();
				break;
			}
		}
		Schema<?> responseSchema = null;
		Schema<?> eventSchema = null;
		String download = null;
		Map<String, MediaType> content = (success != null && success.getContent() != null) ? success.getContent()
				: Map.of();
		MediaType events = content.get("text/event-stream");
		eventSchema = (events != null) ? events.getSchema() : null;
		MediaType json = content.get("application/json");
		List<String> others = content.keySet()
			.stream()
			.filter((type) -> !type.equals("application/json") && !type.equals("text/event-stream"))
			.toList();
		boolean jsonString = json != null && json.getSchema() != null
				&& Spec.types(this.spec.deref(json.getSchema())).equals(Set.of("string"));
		boolean undescribedContent = content.isEmpty() && mapped.httpMethod().equals("GET")
				&& mapped.pathKey().endsWith("/content");
		if (!others.isEmpty() || jsonString || undescribedContent) {
			// File, audio, video and archive contents; some described as a JSON string, some not at all.
			download = others.isEmpty() ? "application/octet-stream" : String.join(", ", others);
		}
		else if (json != null) {
			responseSchema = json.getSchema();
		}
		ClassName modelsPackage = ClassName.get(Placement.modelsPackage(mapped.service()), mapped.params());
		ClassName handwrittenParams = this.placement.handwrittenType(mapped.params());
		Params params = params(modelsPackage, mapped, operation, requestBody, handwrittenParams != null);
		ClassName paramsName = (handwrittenParams != null) ? handwrittenParams : modelsPackage;
		this.generated.add(mapped.id());
		String pathTemplate = mapped.pathKey().replace("?beta=true", "");
		CodeBlock.Builder path = CodeBlock.builder()
			.add(params.path.isEmpty() ? "$T.literal($S" : "$T.of($S", Types.API_PATH, pathTemplate);
		for (ModelGenerator.Field field : params.path) {
			path.add(", $T.pathValue(params.$L(), $S, $S)", Types.MODEL_SUPPORT, field.javaName(),
					paramsName.simpleName(), field.jsonName());
		}
		path.add(")");
		if (mapped.pathKey().contains("?beta=true")) {
			path.add(".query($S, $S)", "beta", "true");
		}
		CodeBlock.Builder streamedPath = path.build().toBuilder();
		for (ModelGenerator.Field field : params.query) {
			path.add(".query($S, params.$L())", field.jsonName(), field.javaName());
			if (!field.jsonName().equals("stream")) {
				streamedPath.add(".query($S, params.$L())", field.jsonName(), field.javaName());
			}
		}
		String bodyArgument = (requestBody != null)
				? (params.bodyField != null ? "params." + params.bodyField + "()" : "params") : "null";
		boolean multipart = body != null && body.multipart();
		CodeBlock encodings = encodings(body);
		String httpMethod = mapped.httpMethod();
		String javadoc = javadocOf(operation);
		boolean required = params.hasRequiredNonPath;
		if (download != null) {
			CodeBlock call = multipart
					? CodeBlock.of("return this.caller.downloadMultipart($T.$L, path, params, $L, $S, options)",
							Types.HTTP_METHOD, httpMethod, encodings, download)
					: CodeBlock.of("return this.caller.download($T.$L, path, $L, $S, options)", Types.HTTP_METHOD,
							httpMethod, bodyArgument, download);
			addMethods(service, mapped.method(), ParameterizedTypeName.get(Types.MONO, Types.BINARY_RESPONSE), paramsName,
					params, path.build(), call, javadoc + "\n<p>The body is not JSON: read it, write it to a file or "
							+ "discard it with the {@link " + Types.BINARY_RESPONSE.canonicalName() + "}'s methods.",
					required);
		}
		else if (responseSchema != null || eventSchema == null) {
			TypeName result = (responseSchema != null)
					? this.models.resolve(responseSchema, params.nest, "Response").type()
						.withoutAnnotations()
					: ClassName.get(Void.class);
			CodeBlock call = multipart
					? CodeBlock.of("return this.caller.executeMultipart($T.$L, path, params, $L, $L, options)",
							Types.HTTP_METHOD, httpMethod, encodings, rawClass(result))
					: CodeBlock.of("return this.caller.execute($T.$L, path, $L, $L, options)", Types.HTTP_METHOD,
							httpMethod, bodyArgument, typeArgument(result));
			boolean listing = mapped.method().equals("list") && httpMethod.equals("GET");
			Paging paging = (responseSchema != null) ? paging(result, params, listing) : null;
			String pageMethod = (paging != null) ? mapped.method() + "Page" : mapped.method();
			addMethods(service, pageMethod, ParameterizedTypeName.get(Types.MONO, result), paramsName, params, path.build(),
					call, javadoc + ((paging == null) ? ""
							: (paging.cursor == null) ? "\n<p>The list as the API answers it, whole; {@code "
									+ mapped.method() + "} streams its items."
									: "\n<p>One page of the list; {@code " + mapped.method() + "} pages through all of it."),
					required);
			if (paging != null) {
				CodeBlock autoPage = (paging.cursor == null)
						? CodeBlock.of("return $L(params, options).flatMapIterable($T::data)", pageMethod, result)
						: CodeBlock.of(
								"return $T.autoPage(params.$L(), (cursor) -> $L(params.toBuilder().$L(cursor).build(), options), $T::data, $L)",
								Types.PAGES, paging.cursor, pageMethod, paging.cursor, result, paging.next);
				addMethods(service, mapped.method(), ParameterizedTypeName.get(Types.FLUX, paging.item), paramsName, params,
						null, autoPage, javadoc + ((paging.cursor == null) ? "\n<p>Every item of the list."
								: "\n<p>Every item of the list, page after page: a page is requested "
										+ "only when the items before it have been consumed."),
						required);
			}
		}
		if (eventSchema != null) {
			TypeName event = this.models.resolve(eventSchema, params.nest, "Event")
				.type()
				.withoutAnnotations();
			CodeBlock call;
			if (multipart) {
				call = CodeBlock.of("return this.caller.streamMultipart($T.$L, path, params, $T.class, options)",
						Types.HTTP_METHOD, httpMethod, rawType(event));
			}
			else if (requestBody != null && hasBodyProperty(requestBody, "stream")) {
				call = CodeBlock.of("return this.caller.stream($T.$L, path, $L, $T.class, options)", Types.HTTP_METHOD,
						httpMethod, bodyArgument, rawType(event));
			}
			else if (requestBody != null && hasBodyProperty(requestBody, "stream_format")) {
				// Speech: the events are asked for with a format, not with "stream": true.
				call = CodeBlock.of("return this.caller.events($T.$L, path, params.toBuilder().streamFormat($S).build(), "
						+ "$T.class, options)", Types.HTTP_METHOD, httpMethod, "sse", rawType(event));
			}
			else {
				throw new IllegalStateException(mapped.id() + " answers Server-Sent Events, but its request has no "
						+ "stream or stream_format field to ask for them");
			}
			String name = (responseSchema != null || download != null) ? mapped.method() + "Streaming" : mapped.method();
			addMethods(service, name, ParameterizedTypeName.get(Types.FLUX, event), paramsName, params, path.build(), call,
					javadoc + "\n<p>Streamed: each Server-Sent Event as it arrives.", required);
		}
		if (mapped.stream() != null) {
			// A GET whose stream the description leaves out: asked for with ?stream=true.
			if (params.query.stream().noneMatch((field) -> field.jsonName().equals("stream"))) {
				throw new IllegalStateException(mapped.id() + " is mapped with a stream but has no stream query parameter");
			}
			ClassName event = (ClassName) this.models.resolveNamed(mapped.stream()).type().withoutAnnotations();
			CodeBlock call = CodeBlock.of("return this.caller.events($T.$L, path, null, $T.class, options)",
					Types.HTTP_METHOD, httpMethod, event);
			addMethods(service, mapped.method() + "Streaming", ParameterizedTypeName.get(Types.FLUX, event), paramsName,
					params, streamedPath.add(".query($S, $S)", "stream", "true").build(), call,
					javadoc + "\n<p>Streamed: each Server-Sent Event as it arrives, from the one after "
							+ "{@code starting_after} if it is set, to resume a stream that was cut.",
					required);
		}
		if (params.record != null) {
			params.nest.nested.forEach(params.record::addType);
			this.types.put(paramsName, params.record.build());
		}
	}

	private boolean hasBodyProperty(Schema<?> body, String name) {
		Schema<?> target = this.spec.deref(body);
		return Spec.isObject(target) && this.spec.merge(target).properties.containsKey(name);
	}

	/** The {@code Map} of the content types of form fields sent whole, as code. */
	private static CodeBlock encodings(RequestBody body) {
		if (body == null || body.encodings().isEmpty()) {
			return CodeBlock.of("$T.of()", Types.MAP);
		}
		CodeBlock.Builder map = CodeBlock.builder().add("$T.of(", Types.MAP);
		boolean first = true;
		for (Map.Entry<String, String> encoding : body.encodings().entrySet()) {
			map.add(first ? "$S, $S" : ", $S, $S", encoding.getKey(), encoding.getValue());
			first = false;
		}
		return map.add(")").build();
	}

	private CodeBlock rawClass(TypeName result) {
		if (result instanceof ParameterizedTypeName) {
			throw new IllegalStateException("A multipart operation answers a generic type " + result);
		}
		return CodeBlock.of("$T.class", result);
	}

	private static TypeName rawType(TypeName type) {
		return (type instanceof ParameterizedTypeName parameterized) ? parameterized.rawType() : type;
	}

	private CodeBlock typeArgument(TypeName result) {
		if (result instanceof ParameterizedTypeName) {
			return CodeBlock.of("this.caller.mapper().getTypeFactory().constructType(new $T<$T>() { })",
					Types.TYPE_REFERENCE, result);
		}
		return CodeBlock.of("$T.class", result);
	}

	/**
	 * How a list operation pages, while the answer's {@code has_more} says there is more: by its
	 * {@code after} query parameter with the last id as the next cursor, or by its {@code page}
	 * query parameter with the answer's {@code next_page}.
	 */
	private Paging paging(TypeName result, Params params, boolean listing) {
		if (!(result instanceof ClassName className)) {
			return null;
		}
		String schemaName = schemaOf(className);
		if (schemaName == null) {
			return null;
		}
		Spec.Merged merged = this.spec.merge(this.spec.schema(schemaName));
		Schema<?> data = merged.properties.get("data");
		if (data == null || data.getItems() == null || data.getItems().get$ref() == null) {
			return null;
		}
		Schema<?> items = data.getItems();
		TypeName item = this.models.resolveNamed(Spec.refName(items.get$ref())).type().withoutAnnotations();
		if (!merged.properties.containsKey("has_more")) {
			// A list the API answers whole, as the models: list() streams its items all the same.
			return listing ? new Paging(item, null, null) : null;
		}
		ModelGenerator.Field after = queryField(params, "after");
		ModelGenerator.Field page = queryField(params, "page");
		String next;
		String cursor;
		if (after != null && merged.properties.containsKey("last_id")) {
			cursor = after.javaName();
			next = "(page) -> $T.next(page.hasMore(), page.lastId())";
		}
		else if (after != null
				&& this.spec.merge(this.spec.schema(Spec.refName(items.get$ref()))).properties.containsKey("id")) {
			cursor = after.javaName();
			next = "(page) -> $T.next(page.hasMore(), page.data().isEmpty() ? null : page.data().get(page.data().size() - 1).id())";
		}
		else if (page != null && merged.properties.containsKey("next_page")) {
			// The usage lists: the answer names the next page's token.
			cursor = page.javaName();
			next = "(page) -> $T.next(page.hasMore(), page.nextPage())";
		}
		else {
			return null;
		}
		return new Paging(item, cursor, CodeBlock.of(next, Types.PAGES));
	}

	private static ModelGenerator.Field queryField(Params params, String name) {
		return params.query.stream()
			.filter((field) -> field.jsonName().equals(name) && field.type().withoutAnnotations().equals(Types.STRING))
			.findFirst()
			.orElse(null);
	}

	private String schemaOf(ClassName className) {
		for (String name : this.spec.schemas.keySet()) {
			if (this.placement.className(name).equals(className)) {
				return name;
			}
		}
		return null;
	}

	private void addMethods(TypeSpec.Builder service, String name, TypeName returns, ClassName paramsName, Params params,
			CodeBlock path, CodeBlock call, String javadoc, boolean requiredFields) {
		ParameterSpec paramsParameter = ParameterSpec.builder(paramsName, "params").build();
		ParameterSpec options = ParameterSpec.builder(Types.REQUEST_OPTIONS, "options").build();
		MethodSpec.Builder full = MethodSpec.methodBuilder(name)
			.addModifiers(Modifier.PUBLIC)
			.returns(returns)
			.addParameter(paramsParameter)
			.addParameter(options)
			.addJavadoc("$L\n@param params the parameters\n@param options options of this call\n@return the result\n", javadoc);
		if (path != null) {
			full.addStatement("$T path = $L", Types.API_PATH, path);
		}
		service.addMethod(full.addStatement(call).build());
		service.addMethod(MethodSpec.methodBuilder(name)
			.addModifiers(Modifier.PUBLIC)
			.returns(returns)
			.addParameter(paramsParameter)
			.addJavadoc("$L\n@param params the parameters\n@return the result\n", javadoc)
			.addStatement("return $L(params, $T.none())", name, Types.REQUEST_OPTIONS)
			.build());
		List<ParameterSpec> pathParameters = new ArrayList<>();
		CodeBlock.Builder withPath = CodeBlock.builder();
		for (ModelGenerator.Field field : params.path) {
			pathParameters.add(ParameterSpec.builder(Types.STRING, field.javaName()).build());
			withPath.add(".$L($L)", field.javaName(), field.javaName());
		}
		String pathJavadoc = pathJavadoc(params);
		if (!pathParameters.isEmpty()) {
			service.addMethod(MethodSpec.methodBuilder(name)
				.addModifiers(Modifier.PUBLIC)
				.returns(returns)
				.addParameters(pathParameters)
				.addParameter(paramsParameter)
				.addParameter(options)
				.addJavadoc("$L\n$L@param params the other parameters\n@param options options of this call\n@return the result\n",
						javadoc, pathJavadoc)
				.addStatement("return $L(params.toBuilder()$L.build(), options)", name, withPath.build())
				.build());
			service.addMethod(MethodSpec.methodBuilder(name)
				.addModifiers(Modifier.PUBLIC)
				.returns(returns)
				.addParameters(pathParameters)
				.addParameter(paramsParameter)
				.addJavadoc("$L\n$L@param params the other parameters\n@return the result\n", javadoc, pathJavadoc)
				.addStatement("return $L(params.toBuilder()$L.build(), $T.none())", name, withPath.build(),
						Types.REQUEST_OPTIONS)
				.build());
		}
		if (!requiredFields) {
			service.addMethod(MethodSpec.methodBuilder(name)
				.addModifiers(Modifier.PUBLIC)
				.returns(returns)
				.addParameters(pathParameters)
				.addParameter(options)
				.addJavadoc("$L\n$L@param options options of this call\n@return the result\n", javadoc, pathJavadoc)
				.addStatement("return $L($T.builder()$L.build(), options)", name, paramsName, withPath.build())
				.build());
			service.addMethod(MethodSpec.methodBuilder(name)
				.addModifiers(Modifier.PUBLIC)
				.returns(returns)
				.addParameters(pathParameters)
				.addJavadoc("$L\n$L@return the result\n", javadoc, pathJavadoc)
				.addStatement("return $L($T.builder()$L.build(), $T.none())", name, paramsName, withPath.build(),
						Types.REQUEST_OPTIONS)
				.build());
		}
	}

	private static String pathJavadoc(Params params) {
		StringBuilder text = new StringBuilder();
		for (ModelGenerator.Field field : params.path) {
			text.append("@param ").append(field.javaName()).append(" the {@code ").append(field.jsonName()).append("}\n");
		}
		return text.toString();
	}

	private static String javadocOf(Operation operation) {
		String text = (operation.getSummary() != null) ? operation.getSummary() : operation.getDescription();
		String first = (text != null) ? ModelGenerator.firstSentence(text) : operation.getOperationId();
		return first + "\n<p>{@code " + operation.getOperationId() + "}";
	}

	/**
	 * The params type of an operation: a record of its path, query and body fields, with a
	 * builder; path and query fields are not part of the JSON body.
	 */
	private Params params(ClassName name, ResourceMap.Operation mapped, Operation operation, Schema<?> body,
			boolean handwritten) {
		Params params = new Params();
		ModelGenerator.Nest nest = new ModelGenerator.Nest(name, null);
		params.nest = nest;
		List<ModelGenerator.Field> fields = new ArrayList<>();
		Set<String> javaNames = new HashSet<>(Set.of("extraBody"));
		Map<ModelGenerator.Field, String> locations = new LinkedHashMap<>();
		if (operation.getParameters() != null) {
			for (Parameter parameter : operation.getParameters()) {
				if (!"path".equals(parameter.getIn()) && !"query".equals(parameter.getIn())) {
					continue;
				}
				ModelGenerator.JType type = this.models.resolve(parameter.getSchema(), nest,
						Names.pascal(parameter.getName()));
				boolean path = "path".equals(parameter.getIn());
				ModelGenerator.Field field = new ModelGenerator.Field(parameter.getName(),
						ModelGenerator.unique(Names.camel(parameter.getName().replace("[]", "")), javaNames),
						type.type(), !path && Boolean.TRUE.equals(parameter.getRequired()) && !type.nullable(), null,
						Boolean.TRUE.equals(parameter.getDeprecated()), parameter.getDescription());
				fields.add(field);
				(path ? params.path : params.query).add(field);
				locations.put(field, parameter.getIn());
			}
		}
		if (body != null) {
			Schema<?> target = this.spec.deref(body);
			if (Spec.isObject(target)) {
				Spec.Merged merged = this.spec.merge(target);
				for (Map.Entry<String, Schema<?>> property : merged.properties.entrySet()) {
					if (property.getKey().equals("stream")) {
						// Set by the streaming method, never by the caller.
						continue;
					}
					ModelGenerator.JType type = this.models.resolve(property.getValue(), nest,
							Names.pascal(property.getKey()));
					String constant = Spec.constant(this.spec.deref(property.getValue()));
					ModelGenerator.Field field = new ModelGenerator.Field(property.getKey(),
							ModelGenerator.unique(Names.camel(property.getKey()), javaNames), type.type(),
							merged.required.contains(property.getKey()) && !type.nullable(), constant,
							Boolean.TRUE.equals(property.getValue().getDeprecated()), property.getValue().getDescription());
					fields.add(field);
					locations.put(field, "body");
				}
			}
			else {
				ModelGenerator.JType type = this.models.resolve(body, nest, "Body");
				String javaName = ModelGenerator.unique("body", javaNames);
				ModelGenerator.Field field = new ModelGenerator.Field("body", javaName, type.type(), true, null, false,
						"The request body.");
				fields.add(field);
				locations.put(field, "whole");
				params.bodyField = javaName;
			}
		}
		params.hasRequiredNonPath = fields.stream()
			.anyMatch((field) -> field.required() && !"path".equals(locations.get(field)));
		if (handwritten) {
			return params;
		}
		TypeSpec.Builder record = TypeSpec.recordBuilder(name)
			.addModifiers(Modifier.PUBLIC)
			.addAnnotation(Types.SUPPRESS_DEPRECATION)
			.addJavadoc("The parameters of {@code $L}: $L\n", mapped.http(), (operation.getSummary() != null)
					? Names.javadoc(operation.getSummary()) : mapped.id());
		MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
		CodeBlock.Builder compact = CodeBlock.builder();
		for (ModelGenerator.Field field : fields) {
			String location = locations.get(field);
			ParameterSpec.Builder parameter = ParameterSpec.builder(
					"path".equals(location) ? Types.nullable(field.type().withoutAnnotations()) : field.componentType(),
					field.javaName());
			parameter.addAnnotation(("body".equals(location)) ? Types.jsonProperty(field.jsonName())
					: AnnotationSpec.builder(Types.JSON_IGNORE).build());
			constructor.addParameter(parameter.build());
			record.addJavadoc("\n@param $L $L", field.javaName(), (field.description() != null)
					? ModelGenerator.firstSentence(field.description()) : "the {@code " + field.jsonName() + "}");
			if (ModelGenerator.isList(field.type())) {
				compact.addStatement("$L = $T.list($L)", field.javaName(), Types.MODEL_SUPPORT, field.javaName());
			}
		}
		TypeName extra = Types.mapOf(ClassName.OBJECT);
		constructor.addParameter(ParameterSpec.builder(extra, "extraBody").addAnnotation(Types.JSON_ANY_GETTER).build());
		record.addJavadoc("\n@param extraBody body fields the API accepts that this type does not model\n");
		compact.addStatement("extraBody = $T.fields(extraBody)", Types.MODEL_SUPPORT);
		record.recordConstructor(constructor.build());
		record.addMethod(MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC).addCode(compact.build()).build());
		List<ModelGenerator.Field> builderFields = fields.stream()
			.map((field) -> "path".equals(locations.get(field))
					? new ModelGenerator.Field(field.jsonName(), field.javaName(), field.type(), false, null,
							field.deprecated(), field.description())
					: field)
			.toList();
		ResourceMap.Model model = this.map.model(mapped.params());
		model.interfaces(name.packageName()).forEach(record::addSuperinterface);
		ModelGenerator.addBuilder(record, name, builderFields, ClassName.OBJECT, "extraBody", "extraBody",
				this.models::unionFactories, model.builderInterfaces(name.packageName()));
		params.record = record;
		return params;
	}

	private static final class Params {

		final List<ModelGenerator.Field> path = new ArrayList<>();

		final List<ModelGenerator.Field> query = new ArrayList<>();

		String bodyField;

		boolean hasRequiredNonPath;

		ModelGenerator.Nest nest;

		TypeSpec.Builder record;

	}

	/**
	 * The body an operation's params are sent as: the JSON one, or the multipart form where
	 * the operation takes files (or takes nothing else).
	 * @param schema the body's schema, or {@code null} if the operation takes neither
	 * @param multipart whether it is sent as {@code multipart/form-data}
	 * @param encodings the content types of form fields sent whole, by field name
	 */
	record RequestBody(Schema<?> schema, boolean multipart, Map<String, String> encodings) {

		static RequestBody of(Spec spec, Operation operation) {
			if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
				return null;
			}
			Map<String, MediaType> content = operation.getRequestBody().getContent();
			MediaType json = content.get("application/json");
			MediaType form = content.get("multipart/form-data");
			if (form != null && form.getSchema() != null && (json == null || holdsFiles(spec, form.getSchema()))) {
				Map<String, String> encodings = new TreeMap<>();
				if (form.getEncoding() != null) {
					form.getEncoding().forEach((name, encoding) -> {
						if (encoding.getContentType() != null) {
							encodings.put(name, encoding.getContentType());
						}
					});
				}
				return new RequestBody(form.getSchema(), true, encodings);
			}
			return new RequestBody((json != null) ? json.getSchema() : null, false, Map.of());
		}

		private static boolean holdsFiles(Spec spec, Schema<?> form) {
			Schema<?> target = spec.deref(form);
			return spec.merge(target).properties.values().stream().anyMatch(spec::holdsBinary);
		}

	}

	private record Paging(TypeName item, String cursor, CodeBlock next) {

	}

	private static final class Node {

		final String path;

		final List<ResourceMap.Operation> operations = new ArrayList<>();

		final List<Node> children = new ArrayList<>();

		ClassName className;

		Node(String path) {
			this.path = path;
		}

	}

}
