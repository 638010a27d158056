package io.asyncopenai.sample;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.asyncopenai.AsyncOpenAI;
import io.asyncopenai.test.MockOpenAIServer;
import io.asyncopenai.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample after Spring AOT processing: its native-image reachability metadata holds
 * every model type of the client, and the sample started with
 * {@code -Dspring.aot.enabled=true}, in its own JVM on its runtime class path, answers a
 * chat and a streamed chat from {@link MockOpenAIServer}. Run by failsafe, after
 * {@code process-aot}.
 */
class AotSampleIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	// Generous for a cold JVM on a loaded two-core machine; the sample starts in seconds.
	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static MockOpenAIServer server;

	private static SampleProcess sample;

	private WebTestClient client;

	@BeforeAll
	static void startSample() throws IOException, InterruptedException {
		server = MockOpenAIServer.start();
		sample = SampleProcess.start(server);
	}

	@AfterAll
	static void stopSample() throws InterruptedException {
		if (sample != null) {
			sample.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void setUp() {
		server.reset();
		this.client = WebTestClient.bindToServer().baseUrl(sample.baseUrl()).responseTimeout(TIMEOUT).build();
	}

	@Test
	void reachabilityMetadataHasEveryModelType() throws IOException, URISyntaxException {
		JsonNode metadata = mapper.readTree(reachabilityMetadata().toFile());
		Map<String, JsonNode> entries = new HashMap<>();
		metadata.path("reflection").forEach((entry) -> entries.put(entry.path("type").asString(), entry));
		List<Class<?>> modelTypes = clientModelTypes();
		assertThat(modelTypes).extracting(Class::getSimpleName)
			.contains("ChatCompletion", "ChatCompletionChunk", "Response", "CreateEmbeddingResponse", "Model");
		List<String> missing = new ArrayList<>();
		for (Class<?> type : modelTypes) {
			JsonNode entry = entries.get(type.getName());
			if (entry == null) {
				missing.add(type.getName());
			}
			else if (type.isRecord()) {
				Set<String> methods = new HashSet<>();
				entry.path("methods").forEach((method) -> methods.add(method.path("name").asString()));
				if (!entry.path("allDeclaredConstructors").asBoolean()) {
					missing.add("constructors of " + type.getName());
				}
				for (RecordComponent component : type.getRecordComponents()) {
					if (!methods.contains(component.getName())) {
						missing.add("accessor " + type.getName() + "." + component.getName() + "()");
					}
				}
			}
		}
		assertThat(missing).isEmpty();
		List<String> resources = new ArrayList<>();
		metadata.path("resources").forEach((resource) -> resources.add(resource.path("glob").asString()));
		assertThat(resources).contains("io/asyncopenai/version.properties");
	}

	@Test
	void sampleRunsAotProcessed() {
		assertThat(sample.log()).contains("Starting AOT-processed SampleApplication");
	}

	@Test
	void chatIsAnswered() {
		this.client.post()
			.uri("/api/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("message", "Hello there"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text")
			.isEqualTo("Echo: Hello there")
			.jsonPath("$.usage.totalTokens")
			.isEqualTo(5);
		assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/v1/responses");
	}

	@Test
	void streamedChatIsAnswered() {
		List<ServerSentEvent<Map<String, String>>> events = this.client.get()
			.uri("/api/chat/stream?message={m}", "stream me now")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, String>>>() {
			})
			.getResponseBody()
			.collectList()
			.block(TIMEOUT);
		assertThat(events).extracting(ServerSentEvent::event).containsExactly("delta", "delta", "delta", "delta", "done");
		assertThat(events.subList(0, 4)).extracting((event) -> event.data().get("text"))
			.containsExactly("Echo:", " stream", " me", " now");
		assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly("/v1/responses");
	}

	private static Path reachabilityMetadata() throws IOException {
		Path nativeImage = buildDirectory().resolve("spring-aot/main/resources/META-INF/native-image");
		try (Stream<Path> files = Files.walk(nativeImage)) {
			List<Path> found = files.filter((file) -> file.getFileName().toString().equals("reachability-metadata.json"))
				.toList();
			assertThat(found).as("reachability metadata under %s", nativeImage).hasSize(1);
			return found.get(0);
		}
	}

	/**
	 * The classes under {@code io/asyncopenai/models} in the client's jar or classes
	 * directory, whichever the class path has.
	 */
	private static List<Class<?>> clientModelTypes() throws IOException, URISyntaxException {
		Path location = Path.of(AsyncOpenAI.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (Files.isDirectory(location)) {
			return modelTypes(location);
		}
		try (FileSystem jar = FileSystems.newFileSystem(location)) {
			return modelTypes(jar.getPath("/"));
		}
	}

	private static List<Class<?>> modelTypes(Path root) throws IOException {
		List<Class<?>> types = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root.resolve("io/asyncopenai/models"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).sorted().toList()) {
				String path = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
				String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
				if (!name.endsWith(".package-info")) {
					types.add(Class.forName(name, false, AotSampleIntegrationTests.class.getClassLoader()));
				}
			}
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		return types;
	}

	private static Path buildDirectory() {
		return Path.of(System.getProperty("sample.buildDirectory", "target"));
	}

	/**
	 * The AOT-processed sample in a JVM of its own, as {@code java -cp ... SampleApplication}
	 * runs it, pointed at the mock through the environment a user would set.
	 */
	private static final class SampleProcess implements AutoCloseable {

		private final Process process;

		private final Thread killer;

		private final Path log;

		private final int port;

		private SampleProcess(Process process, Thread killer, Path log, int port) {
			this.process = process;
			this.killer = killer;
			this.log = log;
			this.port = port;
		}

		static SampleProcess start(MockOpenAIServer server) throws IOException, InterruptedException {
			Path classes = Path.of(System.getProperty("sample.classesDirectory", "target/classes"));
			String dependencies = Files.readString(buildDirectory().resolve("runtime-classpath.txt")).strip();
			Path log = buildDirectory().resolve("aot-sample.log");
			ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Dspring.aot.enabled=true", "-Djava.net.preferIPv4Stack=true", "-cp",
					classes + System.getProperty("path.separator") + dependencies, SampleApplication.class.getName(),
					"--server.address=127.0.0.1", "--server.port=0", "--openai.http.trust-env=false",
					"--openai.max-retries=0")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> environment = builder.environment();
			environment.keySet().removeIf((name) -> name.startsWith("OPENAI_"));
			environment.put("OPENAI_BASE_URL", server.baseUrl());
			environment.put("OPENAI_API_KEY", MockOpenAIServer.API_KEY);
			Process process = builder.start();
			// A test JVM that exits without running @AfterAll must not leave the sample running.
			Thread killer = new Thread(process::destroyForcibly);
			Runtime.getRuntime().addShutdownHook(killer);
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				Matcher started = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
				if (started.find()) {
					return new SampleProcess(process, killer, log, Integer.parseInt(started.group(1)));
				}
				if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
					break;
				}
			}
			String outcome = process.isAlive() ? "did not start within " + STARTUP_TIMEOUT
					: "exited with " + process.exitValue();
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			Runtime.getRuntime().removeShutdownHook(killer);
			throw new IllegalStateException("The AOT-processed sample " + outcome + "; its log:\n"
					+ Files.readString(log, StandardCharsets.UTF_8));
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.port;
		}

		String log() {
			try {
				return Files.readString(this.log, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			Runtime.getRuntime().removeShutdownHook(this.killer);
		}

	}

}
