package io.asyncopenai.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.resources.LoopResources;

import io.asyncopenai.test.RecordedRequest.Outcome;

/**
 * A real HTTP/1.1 server on loopback that speaks the OpenAI API's wire protocol for
 * {@code /v1/models}, {@code /v1/chat/completions}, {@code /v1/responses} and
 * {@code /v1/embeddings}, with JSON and Server-Sent Events shaped like the API's.
 *
 * <p>Answers are deterministic: the assistant echoes the last user input ({@code "Echo: "}
 * followed by it), streamed one word per event, and an embedding is a unit vector that depends
 * on its input only. Any {@code Authorization: Bearer} key is accepted unless
 * {@linkplain #rejectApiKey(String) rejected}; requests without one get the API's 401.
 *
 * <p>{@code /v1/responses} and {@code /v1/chat/completions} also call function tools and answer
 * structured outputs, whole and streamed. A function tool whose name the last user text
 * contains as a whole word is called, once per item of a list after {@code for}
 * ({@code "call get_weather for Paris and Tokyo"} makes two parallel calls, with
 * {@code {"city":"Paris"}} and {@code {"city":"Tokyo"}}): the arguments are a value generated
 * from the tool's {@code parameters}, the item in its first free string.
 * {@code tool_choice: "none"} calls nothing and {@code parallel_tool_calls: false} keeps the
 * first call. A conversation that ends with the tools' outputs (after the calls, in the input or
 * through {@code previous_response_id}, or as {@code tool} messages) is answered
 * {@code "get_weather(Paris): 18°C sunny; get_weather(Tokyo): 22°C cloudy"}: each call's name,
 * first string argument and output, in the order of the calls. A {@code json_schema} format
 * answers a value valid against its schema ({@code $defs}, recursion, unions, enums, formats),
 * with the text it would have said in the first free string; a strict schema whose root is not
 * an object gets the API's 400.
 *
 * <p>Every other operation of OpenAI's API description, which the jar carries, answers too,
 * with the status the operation declares: its own example where that is JSON valid against
 * the operation's response schema, else the smallest value the schema allows (required
 * properties, first enum value, first union variant). Answers that are not JSON are small
 * bodies of their content type (an MP4 header, a zip archive);
 * operations that can stream answer Server-Sent Events when the request asks with
 * {@code "stream": true}. Such an answer is the
 * same for every request to its operation, so a test can rely on its shape, which is the
 * API's, but not on state: ids and contents come from the description, not from earlier
 * calls. Every answer of the server, these and the endpoints' above, validates against the
 * description (a base64 embedding as the vector it encodes, a variant the description lacks).
 * The description is read once per JVM, on the first request for such an
 * operation, so that servers start fast; faults, the journal and the API key check apply to
 * these operations as to any other, and a path that no operation matches still gets the API's
 * 404.
 *
 * <p>{@code /v1/audio/speech} answers real audio of the asked format, 60 ms per input
 * character (a quiet tone in WAV and PCM, 24 kHz mono 16-bit; silence in the compressed
 * formats), or its Server-Sent Events; transcriptions and translations answer a text that
 * names the uploaded file and its size, in each response format, or streamed.
 * {@code /v1/images} generations, edits and variations answer PNG pictures the mock draws, of
 * the asked size up to 1536×1536 (else 64×64), as base64 or as URLs the mock serves itself, or
 * streamed as partial images.
 *
 * <p>Files, uploads and batches keep state, as the API's do. {@code /v1/files} stores what
 * is uploaded (multipart bodies are read as they arrive and large parts spooled to a
 * directory the server owns, so nothing the size of a file sits on the heap) and streams it
 * back from disk; {@link #addFile(String, String, byte[])} and
 * {@link #addGeneratedFile(String, String, long)} store files without HTTP, the latter of
 * any size with content made while it is sent. {@code /v1/uploads} assembles parts into a
 * file. {@code /v1/batches} runs batches itself, on a timer ({@link Builder#batchStepDelay(Duration)}):
 * each line of the input file is answered as a direct request to its endpoint would be, into
 * an output file and an error file, and a {@linkplain Builder#webhook(String, String) webhook}
 * can be told when a batch ends. {@code /v1/vector_stores} indexes stored text files after a
 * delay ({@link Builder#indexingDelay(Duration)}) and searches their chunks, ranking those that
 * share words with the query first. {@link #reset()} and {@link #close()} forget all of it and
 * delete the directory. Two of these answers differ from the description where the API does:
 * an empty file list has {@code null} {@code first_id} and {@code last_id}, and a file's
 * content is its bytes ({@code application/octet-stream}), not a JSON string.
 *
 * <p>{@code GET /v1/realtime} and {@code GET /v1/responses} (and Azure OpenAI's {@code
 * /openai/v1/…}, or {@code /openai/realtime?api-version=…&deployment=…}) upgrade to WebSocket
 * (after the same key check and handshake faults as any request) and speak the Realtime API and
 * the Responses API's WebSocket mode: a Realtime session opens with {@code session.created},
 * takes every client event of the API (session updates, audio appended and committed,
 * conversation items, responses and their cancellation) and answers responses with the same
 * echo, as text deltas or as an audio transcript with silent audio, or with a call of a
 * function tool the user text names; each Responses {@code response.create} is answered with
 * the events {@code POST /v1/responses} streams for it. {@link #webSockets()} gives a handle on
 * each connection: what was sent both ways, the pings, the client's close code, and ways to
 * push an event, close or drop it.
 *
 * <p>Tests script {@linkplain Fault faults} per request or per path, then read the
 * {@linkplain #requests() journal} of every request and the {@linkplain #connections()
 * connection counts}.
 *
 * <pre>{@code
 * try (MockOpenAIServer server = MockOpenAIServer.start()) {
 *     server.enqueue(Fault.error(429).header("retry-after-ms", "10"));
 *     // point a client at server.baseUrl() and call it
 *     assertThat(server.requests()).hasSize(2);
 * }
 * }</pre>
 *
 * <p>Run it on its own with {@code java -cp ... io.asyncopenai.test.MockOpenAIServer --port 8089}.
 */
public final class MockOpenAIServer implements AutoCloseable {

	/** The API key the Spring test support configures; any other non-empty key works as well. */
	public static final String API_KEY = "sk-mock-openai-key";

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	/** The largest WebSocket message the server reads. */
	static final int MAX_WEBSOCKET_MESSAGE = 16 * 1024 * 1024;

	private static final WebsocketServerSpec WEBSOCKET = WebsocketServerSpec.builder()
		.handlePing(true)
		.maxFramePayloadLength(MAX_WEBSOCKET_MESSAGE)
		.build();

	// A self-signed certificate for loopback tests only; its key is public by design.
	private static final String CERTIFICATE = "mock-server.crt";

	private static final String PRIVATE_KEY = "mock-server.key";

	private final FileStore files = new FileStore();

	private final OpenAIEndpoints endpoints;

	private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();

	private final Map<String, Queue<Fault>> pathFaults = new ConcurrentHashMap<>();

	private final Set<String> rejectedKeys = ConcurrentHashMap.newKeySet();

	private final List<RecordedRequest> journal = new ArrayList<>();

	private final List<MockWebSocket> webSockets = new ArrayList<>();

	private final Object connectionsMonitor = new Object();

	private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

	private long openedConnections;

	private int peakOpenConnections;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final LoopResources loops;

	private final DisposableServer server;

	private final boolean https;

	private final boolean apiKeyRequired;

	private final boolean compatible;

	private final @Nullable MockRateLimiter rateLimiter;

	private MockOpenAIServer(Builder builder) {
		this.https = builder.https;
		this.rateLimiter = (builder.rateLimitWindow != null) ? new MockRateLimiter(builder.rateLimitRequests,
				builder.rateLimitTokens, builder.rateLimitWindow, builder.rateLimitClock) : null;
		this.apiKeyRequired = builder.apiKeyRequired && !builder.compatible;
		this.compatible = builder.compatible;
		this.loops = LoopResources.create("mock-openai", 1, builder.workerThreads, true);
		WebhookSender webhooks = (builder.webhookUrl != null && builder.webhookSecret != null)
				? new WebhookSender(builder.webhookUrl, builder.webhookSecret, this.loops) : null;
		this.endpoints = new OpenAIEndpoints(this.files, builder.batchStepDelay, webhooks, builder.indexingDelay,
				this::url);
		HttpServer http = HttpServer.create()
			.host("127.0.0.1")
			.port(builder.port)
			.runOn(this.loops)
			.compress(builder.compression)
			.doOnChannelInit((observer, channel, remoteAddress) -> track(channel))
			.handle(this::handle);
		if (builder.idleTimeout != null) {
			http = http.idleTimeout(builder.idleTimeout);
		}
		if (builder.https) {
			http = builder.http2
					? http.protocol(HttpProtocol.HTTP11, HttpProtocol.H2)
						.secure((spec) -> spec.sslContext(Http2SslContextSpec.forServer(resource(CERTIFICATE),
								resource(PRIVATE_KEY))))
					: http.secure((spec) -> spec.sslContext(Http11SslContextSpec.forServer(resource(CERTIFICATE),
							resource(PRIVATE_KEY))));
		}
		try {
			this.server = http.bindNow(Duration.ofSeconds(10));
		}
		catch (RuntimeException ex) {
			this.loops.dispose();
			throw ex;
		}
	}

	/**
	 * Starts a server on a random free port of 127.0.0.1.
	 * @return the running server
	 */
	public static MockOpenAIServer start() {
		return builder().start();
	}

	/**
	 * Starts a server on the given port of 127.0.0.1.
	 * @param port the port, or 0 for a random free one
	 * @return the running server
	 */
	public static MockOpenAIServer start(int port) {
		return builder().port(port).start();
	}

	/**
	 * A builder for a server with other settings than {@link #start()}'s.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** The port the server listens on. */
	public int port() {
		return this.server.port();
	}

	/**
	 * The PEM of the certificate an HTTPS server presents (self-signed, for 127.0.0.1 and
	 * localhost): what a client trusts to accept it.
	 * @return the PEM text
	 */
	public static String certificatePem() {
		try (InputStream in = resource(CERTIFICATE)) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the server speaks HTTPS. */
	public boolean isHttps() {
		return this.https;
	}

	/** The base URL an OpenAI client is configured with: {@code http://127.0.0.1:PORT/v1}. */
	public String baseUrl() {
		return url("/v1");
	}

	/**
	 * An absolute URL on this server.
	 * @param path a path starting with {@code /}
	 * @return {@code http://127.0.0.1:PORT} followed by the path
	 */
	public String url(String path) {
		return (this.https ? "https" : "http") + "://127.0.0.1:" + port() + path;
	}

	/**
	 * The Spring properties that point an AsyncOpenAI client at this server:
	 * {@code openai.base-url} and {@code openai.api-key}.
	 * @return property names and values
	 */
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("openai.base-url", baseUrl());
		properties.put("openai.api-key", API_KEY);
		return properties;
	}

	/**
	 * Queues faults for the next requests to any path, one fault per request, in order.
	 * Faults queued for a path with {@link #enqueue(String, Fault...)} are used first.
	 * @param faults the faults
	 */
	public void enqueue(Fault... faults) {
		this.faults.addAll(List.of(faults));
	}

	/**
	 * Queues faults for the next requests to one path, one fault per request, in order.
	 * @param path the request path without query, for example {@code /v1/chat/completions}
	 * @param faults the faults
	 */
	public void enqueue(String path, Fault... faults) {
		this.pathFaults.computeIfAbsent(path, (key) -> new ConcurrentLinkedQueue<>()).addAll(List.of(faults));
	}

	/**
	 * Makes requests with this API key fail with the API's 401 for an incorrect key.
	 * @param apiKey the key to reject
	 */
	public void rejectApiKey(String apiKey) {
		this.rejectedKeys.add(Objects.requireNonNull(apiKey, "apiKey"));
	}

	/**
	 * Adds a model to {@code /v1/models}; models whose id starts with {@code ft:} can be deleted.
	 * @param id the model id
	 * @param ownedBy the {@code owned_by} value
	 */
	public void addModel(String id, String ownedBy) {
		this.endpoints.models.add(id, ownedBy);
	}

	/**
	 * Stores a file as if it had been uploaded to {@code /v1/files}.
	 * @param filename the file name
	 * @param purpose the purpose, for example {@code batch} or {@code user_data}
	 * @param content the content
	 * @return the file id, {@code file-} followed by hex digits
	 */
	public String addFile(String filename, String purpose, byte[] content) {
		try {
			return this.files.add(filename, purpose, this.files.write(content), null).id();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stores a file of any size whose content is generated while it is downloaded, never
	 * written anywhere: byte {@code i} is the same fixed pseudo-random function of {@code i}
	 * for every such file.
	 * @param filename the file name
	 * @param purpose the purpose
	 * @param size the size in bytes
	 * @return the file id
	 */
	public String addGeneratedFile(String filename, String purpose, long size) {
		if (size < 0) {
			throw new IllegalArgumentException("Size must not be negative, was " + size);
		}
		return this.files.add(filename, purpose, new FileStore.GeneratedContent(size), null).id();
	}

	/**
	 * The hex SHA-256 of a stored file's content; for a generated file it is computed now, by
	 * generating the content.
	 * @param fileId the file id
	 * @return the lower-case hex digest
	 * @throws IllegalArgumentException if there is no such file
	 */
	public String fileSha256(String fileId) {
		return storedFile(fileId).content().sha256();
	}

	/**
	 * The size of a stored file's content.
	 * @param fileId the file id
	 * @return the size in bytes
	 * @throws IllegalArgumentException if there is no such file
	 */
	public long fileSize(String fileId) {
		return storedFile(fileId).content().size();
	}

	private FileStore.StoredFile storedFile(String fileId) {
		FileStore.StoredFile file = this.files.get(fileId);
		if (file == null) {
			throw new IllegalArgumentException("No such file: " + fileId);
		}
		return file;
	}

	/**
	 * Every request received since the start or the last {@link #reset()}, in order.
	 * @return a snapshot of the journal
	 */
	public List<RecordedRequest> requests() {
		synchronized (this.journal) {
			return List.copyOf(this.journal);
		}
	}

	/** How many requests the journal holds. */
	public int requestCount() {
		synchronized (this.journal) {
			return this.journal.size();
		}
	}

	/**
	 * The last request received.
	 * @return the request
	 * @throws IllegalStateException if none was received
	 */
	public RecordedRequest lastRequest() {
		synchronized (this.journal) {
			if (this.journal.isEmpty()) {
				throw new IllegalStateException("No request was received");
			}
			return this.journal.get(this.journal.size() - 1);
		}
	}

	/**
	 * Waits until the journal holds at least {@code count} requests.
	 * @param count the number of requests to wait for
	 * @param timeout the longest wait
	 * @return a snapshot of the journal, shorter than {@code count} if the wait timed out
	 * @throws InterruptedException if the waiting thread was interrupted
	 */
	public List<RecordedRequest> awaitRequests(int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.journal) {
			long remaining;
			while (this.journal.size() < count && (remaining = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(this.journal, remaining);
			}
			return List.copyOf(this.journal);
		}
	}

	/** The connections seen since the start or the last {@link #reset()}. */
	public ConnectionStats connections() {
		synchronized (this.connectionsMonitor) {
			return new ConnectionStats(this.openedConnections, this.channels.size(), this.peakOpenConnections);
		}
	}

	/**
	 * Waits until the connection counts satisfy a condition, for example
	 * {@code stats -> stats.open() == 0}.
	 * @param condition the condition
	 * @param timeout the longest wait
	 * @return the counts when the condition held, or when the wait timed out
	 * @throws InterruptedException if the waiting thread was interrupted
	 */
	public ConnectionStats awaitConnections(Predicate<ConnectionStats> condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.connectionsMonitor) {
			ConnectionStats stats = connections();
			long remaining;
			while (!condition.test(stats) && (remaining = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(this.connectionsMonitor, remaining);
				stats = connections();
			}
			return stats;
		}
	}

	/**
	 * Every WebSocket connection accepted since the start or the last {@link #reset()}, in order.
	 * @return the connections
	 */
	public List<MockWebSocket> webSockets() {
		synchronized (this.webSockets) {
			return List.copyOf(this.webSockets);
		}
	}

	/**
	 * Waits until at least {@code count} WebSocket connections were accepted.
	 * @param count how many
	 * @param timeout how long to wait
	 * @return the connections
	 * @throws InterruptedException if interrupted
	 * @throws IllegalStateException if fewer were accepted in time
	 */
	public List<MockWebSocket> awaitWebSockets(int count, Duration timeout) throws InterruptedException {
		return MockWebSocket.awaitSize(this.webSockets, count, timeout, "WebSocket connections");
	}

	/**
	 * Forgets queued faults, rejected keys, added models, stored responses and files, the journal
	 * and the parts of its multipart requests spooled to disk, and
	 * restarts the connection counts from the connections open now. Open HTTP connections stay open;
	 * open WebSocket connections are closed with 1001 and forgotten.
	 */
	public void reset() {
		this.faults.clear();
		this.pathFaults.clear();
		this.rejectedKeys.clear();
		this.endpoints.reset();
		if (this.rateLimiter != null) {
			this.rateLimiter.reset();
		}
		synchronized (this.journal) {
			this.journal.clear();
		}
		synchronized (this.webSockets) {
			this.webSockets.forEach(MockWebSocket::goAway);
			this.webSockets.clear();
		}
		synchronized (this.connectionsMonitor) {
			this.openedConnections = 0;
			this.peakOpenConnections = this.channels.size();
		}
	}

	/**
	 * How many requests the {@linkplain Builder#rateLimit(int, int, Duration) rate limit}
	 * refused with a 429 since the start or the last {@link #reset()}.
	 * @return the count, 0 without a rate limit
	 */
	public long rateLimitedCount() {
		return (this.rateLimiter != null) ? this.rateLimiter.refusedCount() : 0;
	}

	/**
	 * Stops listening, closes every open connection and releases the server's threads.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		List<MockWebSocket> open = webSockets().stream().filter(MockWebSocket::isOpen).toList();
		open.forEach(MockWebSocket::goAway);
		for (MockWebSocket socket : open) {
			try {
				socket.awaitClosed(CLOSE_TIMEOUT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.server.disposeNow(CLOSE_TIMEOUT);
		this.endpoints.close();
		List<Channel> channels = new ArrayList<>(this.channels);
		channels.forEach(Channel::close);
		channels.forEach((channel) -> channel.closeFuture().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis()));
		this.loops.disposeLater(Duration.ZERO, CLOSE_TIMEOUT).block(CLOSE_TIMEOUT.multipliedBy(2));
		this.files.close();
	}

	@Override
	public String toString() {
		return "MockOpenAIServer{baseUrl=" + baseUrl() + "}";
	}

	private static InputStream resource(String name) {
		InputStream in = MockOpenAIServer.class.getResourceAsStream(name);
		if (in == null) {
			throw new IllegalStateException("Missing resource " + name + " of the MockOpenAIServer jar");
		}
		return in;
	}

	private void track(Channel channel) {
		synchronized (this.connectionsMonitor) {
			this.channels.add(channel);
			this.openedConnections++;
			this.peakOpenConnections = Math.max(this.peakOpenConnections, this.channels.size());
			this.connectionsMonitor.notifyAll();
		}
		channel.closeFuture().addListener((future) -> {
			synchronized (this.connectionsMonitor) {
				this.channels.remove(channel);
				this.connectionsMonitor.notifyAll();
			}
		});
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		AtomicReference<Channel> channel = new AtomicReference<>();
		response.withConnection((connection) -> channel.set(connection.channel()));
		String protocol = webSocketProtocol(request);
		if (protocol != null) {
			return webSocket(request, response, channel.get(), protocol);
		}
		return readBody(request)
			.flatMap((body) -> exchange(new Exchange(record(request, body, channel.get()), response, channel.get())));
	}

	/** The WebSocket protocol an upgrade asks for: {@code realtime}, {@code responses}, or none. */
	private static @Nullable String webSocketProtocol(HttpServerRequest request) {
		String upgrade = request.requestHeaders().get(HttpHeaderNames.UPGRADE);
		if (upgrade == null || !upgrade.equalsIgnoreCase("websocket") || request.method() != HttpMethod.GET) {
			return null;
		}
		String uri = request.uri();
		String path = (uri.indexOf('?') >= 0) ? uri.substring(0, uri.indexOf('?')) : uri;
		return switch (path) {
			case "/v1/realtime", "/openai/v1/realtime", "/openai/realtime" -> "realtime";
			case "/v1/responses", "/openai/v1/responses", "/openai/responses" -> "responses";
			default -> null;
		};
	}

	/**
	 * A WebSocket handshake: recorded, checked and faulted as a request is, then upgraded to
	 * the protocol's session.
	 */
	private Mono<Void> webSocket(HttpServerRequest request, HttpServerResponse response, Channel channel,
			String protocol) {
		RecordedRequest recorded = record(request, RecordedRequest.Body.EMPTY, channel);
		Exchange exchange = new Exchange(recorded, response, channel);
		response.header("x-request-id", recorded.requestId());
		Fault fault = nextFault(recorded.path());
		if (fault instanceof Fault.Respond || fault instanceof Fault.Redirect
				|| fault instanceof Fault.CloseBeforeResponse) {
			return respond(exchange, fault).doFinally((signal) -> recorded.end(Outcome.COMPLETED));
		}
		Mono<Void> wait = (fault instanceof Fault.DelayBeforeHeaders delay) ? Mono.delay(delay.delay()).then()
				: Mono.empty();
		return wait.then(Mono.defer(() -> {
			AzureRoutes.Routed routed = AzureRoutes.route(recorded);
			Reply unauthorized = unauthorized(recorded);
			Reply refusal = (unauthorized != null) ? unauthorized : routed.refusal();
			if (refusal != null) {
				return send(exchange, refusal, null).doFinally((signal) -> recorded.end(Outcome.COMPLETED));
			}
			String model = queryParameter(recorded.query(), "model");
			if (model == null) {
				model = queryParameter(recorded.query(), "deployment");
			}
			MockWebSocket.Protocol speaking = protocol.equals("realtime")
					? new RealtimeProtocol((model != null) ? model : "gpt-realtime")
					: new ResponsesProtocol(this.endpoints::handle, routed.request());
			MockWebSocket socket = new MockWebSocket(recorded, protocol, speaking, fault);
			return response.sendWebsocket((in, out) -> {
				Mono<Void> running = socket.run(in, out);
				// Listed once it can send, so that a test that found it can push events at once.
				synchronized (this.webSockets) {
					this.webSockets.add(socket);
					this.webSockets.notifyAll();
				}
				return running;
			}, WEBSOCKET);
		}));
	}

	private @Nullable Fault nextFault(String path) {
		Queue<Fault> forPath = this.pathFaults.get(path);
		Fault fault = (forPath != null) ? forPath.poll() : null;
		return (fault != null) ? fault : this.faults.poll();
	}

	private static @Nullable String queryParameter(String query, String name) {
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				return java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	/**
	 * Reads a body whole, but a multipart one as it arrives, so that its files go to disk rather
	 * than to the heap.
	 */
	private Mono<RecordedRequest.Body> readBody(HttpServerRequest request) {
		String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
		if (!MultipartReader.isMultipart(contentType)) {
			return request.receive()
				.aggregate()
				.asByteArray()
				.map(RecordedRequest.Body::of)
				.defaultIfEmpty(RecordedRequest.Body.EMPTY);
		}
		return Mono.defer(() -> {
			MultipartReader reader = new MultipartReader(contentType, this.files::spoolDirectory);
			return request.receive()
				.doOnNext(reader::feed)
				.then(Mono.fromCallable(() -> RecordedRequest.Body.of(reader.finish())))
				.doOnCancel(reader::discard)
				.doOnError((ex) -> reader.discard());
		});
	}

	private RecordedRequest record(HttpServerRequest request, RecordedRequest.Body body, Channel channel) {
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		request.requestHeaders()
			.forEach((header) -> headers.add(new AbstractMap.SimpleImmutableEntry<>(header.getKey(), header.getValue())));
		synchronized (this.journal) {
			RecordedRequest recorded = new RecordedRequest(this.journal.size(), request.method().name(), request.uri(),
					request.version().text(), headers, body, Requests.newId("req_", 32), connectionId(channel));
			this.journal.add(recorded);
			this.journal.notifyAll();
			return recorded;
		}
	}

	/** The id of the TCP connection, also for an HTTP/2 stream of one. */
	private static String connectionId(Channel channel) {
		Channel connection = (channel.parent() != null) ? channel.parent() : channel;
		return connection.id().asShortText();
	}

	private Mono<Void> exchange(Exchange exchange) {
		RecordedRequest recorded = exchange.recorded;
		GenericFutureListener<Future<? super Void>> onClose = (future) -> recorded
			.end(exchange.closedByServer ? Outcome.CLOSED_BY_SERVER : Outcome.CLOSED_BY_CLIENT);
		exchange.channel.closeFuture().addListener(onClose);
		exchange.response.header("x-request-id", recorded.requestId()).header("openai-version", "2020-10-01");
		String organization = recorded.header("openai-organization");
		if (organization != null) {
			exchange.response.header("openai-organization", organization);
		}
		MockRateLimiter.Decision limited = (this.rateLimiter != null) ? this.rateLimiter.admit(recorded.bodySize())
				: null;
		if (limited != null) {
			limited.headers().forEach(exchange.response::header);
		}
		Reply.Json refusal = (limited != null) ? limited.refusal() : null;
		Mono<Void> responding = (refusal != null) ? send(exchange, refusal, null)
				: respond(exchange, nextFault(recorded.path()));
		return responding.doFinally((signal) -> {
			exchange.channel.closeFuture().removeListener(onClose);
			if (exchange.closedByServer) {
				recorded.end(Outcome.CLOSED_BY_SERVER);
			}
			else {
				recorded.end((signal == SignalType.ON_COMPLETE) ? Outcome.COMPLETED : Outcome.CLOSED_BY_CLIENT);
			}
		});
	}

	private Mono<Void> respond(Exchange exchange, @Nullable Fault fault) {
		HttpServerResponse response = exchange.response;
		if (fault instanceof Fault.Respond scripted) {
			scripted.headers().forEach(response::header);
			if (scripted.chunks().size() <= 1 && scripted.repeat() == 1 && !scripted.headers().keySet().stream()
				.anyMatch(HttpHeaderNames.CONTENT_LENGTH::contentEqualsIgnoreCase)) {
				int length = scripted.chunks().isEmpty() ? 0
						: scripted.chunks().get(0).getBytes(StandardCharsets.UTF_8).length;
				response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(length));
			}
			response.status(scripted.status());
			Flux<String> body = Flux.fromIterable(scripted.chunks()).repeat(scripted.repeat() - 1L);
			return sendEach(response, body, scripted.chunkDelay());
		}
		if (fault instanceof Fault.Redirect redirect) {
			return response.status(redirect.status())
				.header(HttpHeaderNames.LOCATION, redirect.location())
				.header(HttpHeaderNames.CONTENT_LENGTH, "0")
				.send()
				.then();
		}
		if (fault instanceof Fault.CloseBeforeResponse) {
			return exchange.closeConnection();
		}
		if (fault instanceof Fault.DelayBeforeHeaders delay) {
			return Mono.delay(delay.delay()).then(Mono.defer(() -> answer(exchange, null)));
		}
		return answer(exchange, fault);
	}

	/**
	 * Sends the endpoint's normal answer, its delivery shaped by a fault, if any.
	 */
	private Mono<Void> answer(Exchange exchange, @Nullable Fault fault) {
		RecordedRequest recorded = exchange.recorded;
		// Pictures answered as URLs are fetched without a key, as the API's are.
		Reply unauthorized = recorded.path().startsWith(ImagesEndpoint.PICTURES) ? null : unauthorized(recorded);
		AzureRoutes.Routed routed = AzureRoutes.route(recorded);
		Reply refusal = (unauthorized != null) ? unauthorized : routed.refusal();
		Mono<Reply> reply = (refusal != null) ? Mono.just(refusal) : this.endpoints.handle(routed.request());
		if (this.compatible) {
			reply = reply.map((answer) -> CompatibleAnswers.adapt(recorded, answer));
		}
		return reply.flatMap((answer) -> send(exchange, answer, fault));
	}

	private Mono<Void> send(Exchange exchange, Reply reply, @Nullable Fault fault) {
		boolean malformed = fault instanceof Fault.MalformedJson;
		if (reply instanceof Reply.Json json) {
			// Cut as text, so that half a body is still UTF-8.
			String body = malformed ? cut(json.body()) : json.body();
			return sendBody(exchange, json.status(), "application/json", body.getBytes(StandardCharsets.UTF_8), fault);
		}
		if (reply instanceof Reply.Body body) {
			byte[] bytes = malformed ? Arrays.copyOf(body.body(), body.body().length / 2) : body.body();
			return sendBody(exchange, body.status(), body.contentType(), bytes, fault);
		}
		if (reply instanceof Reply.Content content) {
			return sendContent(exchange, content, fault);
		}
		return sendStream(exchange, (Reply.Stream) reply, fault);
	}

	/**
	 * Streams a stored file from its source, with backpressure; faults cut it as they cut a
	 * body: half of it, then a close or a stall, or half of it as if it were all.
	 */
	private Mono<Void> sendContent(Exchange exchange, Reply.Content reply, @Nullable Fault fault) {
		long size = reply.content().size();
		long half = size / 2;
		HttpServerResponse response = exchange.response.status(reply.status())
			.header(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
			.header("openai-processing-ms", Long.toString(exchange.elapsedMillis()));
		response.header(HttpHeaderNames.CONTENT_LENGTH,
				Long.toString((fault instanceof Fault.MalformedJson) ? half : size));
		if (fault instanceof Fault.CloseMidStream) {
			return response.send(ContentReader.read(reply.content(), half)).then(exchange.closeConnection()).then();
		}
		if (fault instanceof Fault.StallMidStream) {
			return response.send(ContentReader.read(reply.content(), half)).then(exchange.awaitClose()).then();
		}
		long length = (fault instanceof Fault.MalformedJson) ? half : size;
		return response.send(ContentReader.read(reply.content(), length)).then();
	}

	private @Nullable Reply unauthorized(RecordedRequest request) {
		String authorization = request.header("authorization");
		String azureKey = request.header("api-key");
		String key = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7).strip() : (azureKey != null) ? azureKey.strip() : "";
		if (key.isEmpty() && this.apiKeyRequired) {
			return Requests.error(401, new OpenAIError("You didn't provide an API key. You need to provide your API key "
					+ "in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
					"invalid_request_error", null, null));
		}
		if (this.rejectedKeys.contains(key)) {
			return Requests.error(401, new OpenAIError("Incorrect API key provided: " + mask(key) + ".",
					"invalid_request_error", null, "invalid_api_key"));
		}
		return null;
	}

	/** Shows a key as the API does in its 401: the first and last few characters only. */
	private static String mask(String key) {
		return (key.length() <= 8) ? "*".repeat(key.length())
				: key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
	}

	/** Sends a whole body, or half of it and closes the connection for {@link Fault.CloseMidStream}. */
	private Mono<Void> sendBody(Exchange exchange, int status, @Nullable String contentType, byte[] body,
			@Nullable Fault fault) {
		HttpServerResponse response = exchange.response.status(status);
		if (contentType != null) {
			response.header(HttpHeaderNames.CONTENT_TYPE, contentType);
		}
		response.header("openai-processing-ms", Long.toString(exchange.elapsedMillis()));
		response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
		if (fault instanceof Fault.CloseMidStream) {
			byte[] half = Arrays.copyOf(body, body.length / 2);
			return response.send(Mono.just(Unpooled.wrappedBuffer(half)), (buffer) -> true)
				.then(exchange.closeConnection())
				.then();
		}
		return response.sendByteArray(Mono.just(body)).then();
	}

	private Mono<Void> sendStream(Exchange exchange, Reply.Stream stream, @Nullable Fault fault) {
		List<Reply.Event> events = new ArrayList<>(stream.events());
		Mono<Void> after = Mono.empty();
		Duration delay = Duration.ZERO;
		if (fault instanceof Fault.MalformedJson) {
			Reply.Event first = events.get(0);
			events.set(0, new Reply.Event(first.name(), cut(first.data())));
		}
		else if (fault instanceof Fault.DelayBetweenEvents between) {
			delay = between.delay();
		}
		else if (fault instanceof Fault.CloseMidStream close) {
			events = events.subList(0, Math.min(close.events(), events.size()));
			after = exchange.closeConnection();
		}
		else if (fault instanceof Fault.StallMidStream stall) {
			events = events.subList(0, Math.min(stall.events(), events.size()));
			after = exchange.awaitClose();
		}
		else if (fault instanceof Fault.StreamError error) {
			int sent = Math.min(error.events(), events.size());
			events = new ArrayList<>(events.subList(0, sent));
			events.add(stream.errorAfter().apply(sent));
		}
		exchange.response.status(HttpResponseStatus.OK)
			.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
			.header("openai-processing-ms", Long.toString(exchange.elapsedMillis()));
		return sendEach(exchange.response, Flux.fromIterable(events).map(Reply.Event::encode), delay).then(after);
	}

	/** Writes and flushes each part on its own, waiting {@code delay} before each. */
	private static Mono<Void> sendEach(HttpServerResponse response, Flux<String> parts, Duration delay) {
		Flux<String> timed = delay.isZero() ? parts : parts.delayElements(delay);
		Flux<ByteBuf> buffers = timed.map((part) -> Unpooled.wrappedBuffer(part.getBytes(StandardCharsets.UTF_8)));
		return response.send(buffers, (buffer) -> true).then();
	}

	/** The first half of a text, which is never valid JSON for an object or array. */
	private static String cut(String json) {
		return json.substring(0, json.length() / 2);
	}

	/**
	 * Starts a server on its own and prints its base URL; stops on Ctrl-C.
	 * @param args {@code --port N} (default: a random free port)
	 * @throws InterruptedException if interrupted while running
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = 0;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--port") && i + 1 < args.length) {
				port = Integer.parseInt(args[++i]);
			}
			else if (args[i].startsWith("--port=")) {
				port = Integer.parseInt(args[i].substring("--port=".length()));
			}
			else {
				System.err.println("Usage: MockOpenAIServer [--port N]");
				System.exit(args[i].equals("--help") ? 0 : 2);
			}
		}
		MockOpenAIServer server = start(port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			stopped.countDown();
		}, "mock-openai-shutdown"));
		System.out.println("MockOpenAIServer listening on " + server.baseUrl());
		System.out.println("Use it with OPENAI_BASE_URL=" + server.baseUrl() + " OPENAI_API_KEY=" + API_KEY);
		System.out.flush();
		stopped.await();
	}

	/**
	 * One request being answered.
	 */
	private static final class Exchange {

		private final RecordedRequest recorded;

		private final HttpServerResponse response;

		private final Channel channel;

		private final long startNanos = System.nanoTime();

		private volatile boolean closedByServer;

		Exchange(RecordedRequest recorded, HttpServerResponse response, Channel channel) {
			this.recorded = recorded;
			this.response = response;
			this.channel = channel;
		}

		long elapsedMillis() {
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
		}

		/** Closes the connection now; completes once it is closed. */
		Mono<Void> closeConnection() {
			return Mono.defer(() -> {
				this.closedByServer = true;
				this.channel.close();
				return awaitClose();
			});
		}

		/** Completes once the connection is closed, by either side. */
		Mono<Void> awaitClose() {
			return Mono.create((sink) -> this.channel.closeFuture().addListener((future) -> sink.success()));
		}

	}

	/**
	 * Settings for a {@link MockOpenAIServer} other than {@link MockOpenAIServer#start()}'s.
	 */
	public static final class Builder {

		private int port;

		private @Nullable Duration idleTimeout;

		private boolean compression;

		private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

		private boolean https;

		private boolean http2;

		private boolean apiKeyRequired = true;

		private boolean compatible;

		private int rateLimitRequests;

		private int rateLimitTokens;

		private @Nullable Duration rateLimitWindow;

		private LongSupplier rateLimitClock = System::nanoTime;

		private Duration batchStepDelay = Duration.ofMillis(100);

		private Duration indexingDelay = Duration.ofMillis(50);

		private @Nullable String webhookUrl;

		private @Nullable String webhookSecret;

		private Builder() {
		}

		/**
		 * Deliver the API's webhook events ({@code batch.completed}, {@code batch.failed},
		 * {@code batch.cancelled}) to a URL when a batch ends, and {@code response.completed}
		 * (or {@code response.cancelled}) when a background response ends, signed as OpenAI
		 * signs them (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
		 * {@code webhook-signature}); each is sent once, without retries. With a webhook, a
		 * background response completes on its own after the {@linkplain #batchStepDelay(Duration)
		 * batch step delay}, as nobody need poll it; without one, it completes when it is
		 * retrieved.
		 * @param url the endpoint to POST events to
		 * @param secret the signing secret, {@code whsec_} followed by base64
		 * @return this builder
		 */
		public Builder webhook(String url, String secret) {
			WebhookSender.key(secret);
			this.webhookUrl = Objects.requireNonNull(url, "url");
			this.webhookSecret = secret;
			return this;
		}

		/**
		 * How long a batch stays in each state ({@code validating}, {@code finalizing},
		 * {@code cancelling}, and before its lines run) before the server moves it on; its lines
		 * themselves are answered as fast as the server can.
		 * @param batchStepDelay the delay, zero or more; 100 ms unless set
		 * @return this builder
		 */
		public Builder batchStepDelay(Duration batchStepDelay) {
			if (batchStepDelay.isNegative()) {
				throw new IllegalArgumentException("Batch step delay must not be negative, was " + batchStepDelay);
			}
			this.batchStepDelay = batchStepDelay;
			return this;
		}

		/**
		 * How long a file added to a vector store stays {@code in_progress} before it is
		 * indexed and {@code completed} (or {@code failed}), so that clients that poll see it
		 * move.
		 * @param indexingDelay the delay, zero or more; 50 ms unless set
		 * @return this builder
		 */
		public Builder indexingDelay(Duration indexingDelay) {
			if (indexingDelay.isNegative()) {
				throw new IllegalArgumentException("Indexing delay must not be negative, was " + indexingDelay);
			}
			this.indexingDelay = indexingDelay;
			return this;
		}

		/**
		 * Whether to speak HTTPS with a self-signed certificate for 127.0.0.1 (see
		 * {@link MockOpenAIServer#certificatePem()}).
		 * @param https whether to use TLS
		 * @return this builder
		 */
		public Builder https(boolean https) {
			this.https = https;
			return this;
		}

		/**
		 * Whether an HTTPS server also offers HTTP/2 (ALPN).
		 * @param http2 whether to offer HTTP/2
		 * @return this builder
		 */
		public Builder http2(boolean http2) {
			this.http2 = http2;
			return this;
		}

		/**
		 * Listen on this port of 127.0.0.1 instead of a random free one.
		 * @param port the port, or 0 for a random free one
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("Port must be between 0 and 65535, was " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Close a connection that has been idle this long, as servers and load balancers in
		 * front of the API do with kept-alive connections.
		 * @param idleTimeout the idle time, or {@code null} to keep idle connections open
		 * @return this builder
		 */
		public Builder idleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * Whether a request without an API key gets the API's 401, as OpenAI's does (the
		 * default); {@code false} plays an OpenAI-compatible server that takes requests without
		 * one (a rejected key is still refused).
		 * @param apiKeyRequired whether a key is required
		 * @return this builder
		 */
		public Builder apiKeyRequired(boolean apiKeyRequired) {
			this.apiKeyRequired = apiKeyRequired;
			return this;
		}

		/**
		 * Whether to answer as an OpenAI-compatible server (vLLM, Ollama, DeepSeek) does rather
		 * than as OpenAI: no key required, chat completions without {@code id} and
		 * {@code object}, with {@code finish_reason: null} and a {@code reasoning_content}
		 * (on the first delta of a stream), and errors as {@code {"detail": "…"}}.
		 * @param compatible whether to
		 * @return this builder
		 */
		public Builder compatible(boolean compatible) {
			this.compatible = compatible;
			return this;
		}

		/**
		 * Limit requests as the API does, in fixed windows that follow each other from the
		 * start: each request counts 1 request and {@code ceil(bodyBytes / 4.0)} tokens; one over
		 * either budget gets a 429 ({@code rate_limit_exceeded}, of type {@code requests} or
		 * {@code tokens}) with {@code retry-after} and {@code retry-after-ms} until the window
		 * ends, and is not counted. Every HTTP response (not WebSocket handshakes) carries the
		 * {@code x-ratelimit-limit-*}, {@code x-ratelimit-remaining-*} and
		 * {@code x-ratelimit-reset-*} headers, resets as the API writes them ({@code 20ms},
		 * {@code 1.5s}, {@code 6m0s}).
		 * @param requests the requests allowed in a window
		 * @param tokens the tokens allowed in a window
		 * @param window the length of a window, at least 1 ms
		 * @return this builder
		 * @see MockOpenAIServer#rateLimitedCount()
		 */
		public Builder rateLimit(int requests, int tokens, Duration window) {
			// Checked now, so that a wrong limit fails where it is set.
			new MockRateLimiter(requests, tokens, window, System::nanoTime);
			this.rateLimitRequests = requests;
			this.rateLimitTokens = tokens;
			this.rateLimitWindow = window;
			return this;
		}

		/**
		 * The clock of the rate limit's windows, in nanoseconds: {@link System#nanoTime()}
		 * unless a test moves time on itself.
		 * @param nanoClock the clock
		 * @return this builder
		 */
		Builder rateLimitClock(LongSupplier nanoClock) {
			this.rateLimitClock = nanoClock;
			return this;
		}

		/**
		 * Whether to compress responses for clients that accept it, as the API does.
		 * @param compression whether to compress
		 * @return this builder
		 */
		public Builder compression(boolean compression) {
			this.compression = compression;
			return this;
		}

		/**
		 * How many event-loop threads serve connections.
		 * @param workerThreads the thread count, at least 1
		 * @return this builder
		 */
		public Builder workerThreads(int workerThreads) {
			if (workerThreads < 1) {
				throw new IllegalArgumentException("Worker threads must be at least 1, was " + workerThreads);
			}
			this.workerThreads = workerThreads;
			return this;
		}

		/**
		 * Starts the server.
		 * @return the running server
		 */
		public MockOpenAIServer start() {
			if (this.http2 && !this.https) {
				throw new IllegalStateException("HTTP/2 needs https(true)");
			}
			return new MockOpenAIServer(this);
		}

	}

}
