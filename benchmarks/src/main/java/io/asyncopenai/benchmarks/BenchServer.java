package io.asyncopenai.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The benchmark's server: precomputed bodies from a Reactor Netty server, so that it does as
 * little as possible per request and runs in its own JVM (pinned to its own core). Streams are
 * served in two shapes: a few large writes, or one event per write and flush as real streams
 * trickle ({@code x-bench-stream: token}); {@code idle} sends the first event and then holds the
 * stream open. An upload is read and parsed as it arrives ({@link MultipartCounter}), its file
 * counted in the answer; a download is 1 MiB from a direct buffer. A Realtime WebSocket
 * ({@code GET /v1/realtime}) opens with {@code session.created} and then sends one
 * {@code response.output_text.delta} a second until the client closes it.
 */
public final class BenchServer {

	private static final ByteBuf CHAT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(Payloads.CHAT_COMPLETION));

	private static final ByteBuf EMBEDDING_FLOAT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(Payloads.EMBEDDING_FLOAT));

	private static final ByteBuf EMBEDDING_BASE64 = Unpooled
		.unreleasableBuffer(Unpooled.wrappedBuffer(Payloads.EMBEDDING_BASE64));

	private static final List<ByteBuf> LARGE_WRITES = largeWrites(4);

	private static final List<ByteBuf> TOKEN_WRITES = Payloads.CHAT_CHUNK_EVENTS.stream()
		.map((event) -> Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(event)))
		.toList();

	/**
	 * The file a download answers, direct so that Netty writes it to the socket without
	 * copying it to a direct buffer first on every answer.
	 */
	private static final ByteBuf FILE = Unpooled
		.unreleasableBuffer(Unpooled.directBuffer(Payloads.FILE.length).writeBytes(Payloads.FILE));

	/** How often a Realtime connection gets a delta. */
	static final Duration REALTIME_DELTA_INTERVAL = Duration.ofSeconds(1);

	/** The text of every Realtime delta. */
	static final String REALTIME_DELTA = "word ";

	private final AtomicLong connections = new AtomicLong();

	private final AtomicLong realtimeSessionIds = new AtomicLong();

	private final AtomicLong openRealtimeSessions = new AtomicLong();

	private final DisposableServer server;

	private BenchServer(int port) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.doOnChannelInit((observer, channel, address) -> this.connections.incrementAndGet())
			.route((routes) -> routes
				.post("/v1/chat/completions", (request, response) -> request.receive().aggregate().asString().flatMap(
						(body) -> {
							if (!body.contains("\"stream\":true")) {
								return json(response, CHAT);
							}
							String shape = request.requestHeaders().get("x-bench-stream", "large");
							if (shape.equals("idle")) {
								// The first event, then nothing until the client goes away.
								return response.header("content-type", "text/event-stream")
									.send(Flux.concat(Mono.just(TOKEN_WRITES.get(0).duplicate()), Flux.never()),
											(buffer) -> true)
									.then();
							}
							boolean token = shape.equals("token");
							return response.header("content-type", "text/event-stream")
								.send(Flux.fromIterable(token ? TOKEN_WRITES : LARGE_WRITES).map(ByteBuf::duplicate),
										(buffer) -> token)
								.then();
						}).then())
				.post("/v1/embeddings", (request, response) -> request.receive().aggregate().asString().flatMap(
						(body) -> json(response, body.contains("base64") ? EMBEDDING_BASE64 : EMBEDDING_FLOAT)))
				.post("/v1/files", (request, response) -> {
					// Read and parsed as it arrives, never kept: the server stays cheap beside the client.
					String boundary = MultipartCounter.boundary(request.requestHeaders().get("content-type"));
					if (boundary == null) {
						return request.receive().then(response.status(400).send());
					}
					MultipartCounter upload = new MultipartCounter(boundary);
					return request.receive().doOnNext(upload::feed).then(Mono.defer(() -> {
						if (!upload.complete()) {
							return response.status(400).sendString(Mono.just("{\"error\":{\"message\":\"A multipart body "
									+ "with a file and its close delimiter was expected\"}}")).then();
						}
						return json(response, Unpooled.wrappedBuffer(Payloads.fileObject(upload.fileBytes(),
								upload.filename())));
					}));
				})
				.get("/v1/files/{id}/content", (request, response) -> response
					.header("content-type", "application/octet-stream")
					.header("content-length", Integer.toString(FILE.readableBytes()))
					.send(Mono.just(FILE.duplicate()))
					.then())
				// Pings are answered by Reactor Netty itself (handlePing is off by default).
				.get("/v1/realtime", (request, response) -> response
					.sendWebsocket((in, out) -> realtime(model(request), in, out)))
				.get("/stats", (request, response) -> response.header("content-type", "application/json")
					.sendString(Mono.just("{\"connections\":" + this.connections.get() + "}"))))
			.bindNow(Duration.ofSeconds(10));
	}

	/**
	 * Starts a server on 127.0.0.1.
	 * @param port the port, 0 for a free one
	 * @return the server
	 */
	public static BenchServer start(int port) {
		return new BenchServer(port);
	}

	public int port() {
		return this.server.port();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port() + "/v1";
	}

	/** Connections accepted so far. */
	public long connections() {
		return this.connections.get();
	}

	/** Realtime sessions whose deltas are still scheduled: those not closed yet. */
	public long openRealtimeSessions() {
		return this.openRealtimeSessions.get();
	}

	public void stop() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

	private static Mono<Void> json(HttpServerResponse response, ByteBuf body) {
		return response.header("content-type", "application/json")
			.header("content-length", Integer.toString(body.readableBytes()))
			.send(Mono.just(body.duplicate()))
			.then();
	}

	/**
	 * One Realtime session: {@code session.created}, then a delta a second from a task
	 * scheduled on the connection's own event loop, so that a thousand sessions cost a thousand
	 * timer entries and no thread. The task ends with the connection: a close frame from the
	 * client (answered by Reactor Netty with the same code) or the connection lost.
	 */
	private Mono<Void> realtime(String model, WebsocketInbound in, WebsocketOutbound out) {
		long session = this.realtimeSessionIds.incrementAndGet();
		EventLoop[] loop = new EventLoop[1];
		in.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
		EventLoop eventLoop = Objects.requireNonNull(loop[0]);
		Flux<String> deltas = Flux.create((sink) -> {
			// event_1 is session.created; the loop is the only writer of the counter.
			long[] eventId = { 1 };
			long period = REALTIME_DELTA_INTERVAL.toMillis();
			ScheduledFuture<?> task = eventLoop.scheduleAtFixedRate(() -> sink.next(realtimeDelta(++eventId[0])),
					period, period, TimeUnit.MILLISECONDS);
			this.openRealtimeSessions.incrementAndGet();
			sink.onDispose(() -> {
				task.cancel(false);
				this.openRealtimeSessions.decrementAndGet();
			});
		});
		Flux<String> events = Flux.concat(Mono.just(sessionCreated(session, model)), deltas)
			.takeUntilOther(in.receiveCloseStatus());
		// Whatever the client sends is read and dropped: the benchmark's clients send nothing.
		return Mono.when(in.receive().then(), out.sendString(events));
	}

	private static String model(HttpServerRequest request) {
		List<String> models = new QueryStringDecoder(request.uri()).parameters().get("model");
		return (models != null && !models.isEmpty()) ? models.get(0) : "gpt-realtime";
	}

	static String sessionCreated(long session, String model) {
		return "{\"type\":\"session.created\",\"event_id\":\"event_1\",\"session\":{\"type\":\"realtime\","
				+ "\"object\":\"realtime.session\",\"id\":\"sess_" + session + "\",\"model\":\"" + model + "\"}}";
	}

	static String realtimeDelta(long eventId) {
		return "{\"type\":\"response.output_text.delta\",\"event_id\":\"event_" + eventId
				+ "\",\"response_id\":\"resp_1\",\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,"
				+ "\"delta\":\"" + REALTIME_DELTA + "\"}";
	}

	private static List<ByteBuf> largeWrites(int writes) {
		int total = Payloads.CHAT_CHUNK_EVENTS.stream().mapToInt((event) -> event.length).sum();
		int per = (total + writes - 1) / writes;
		List<ByteBuf> parts = new ArrayList<>();
		ByteBuf current = Unpooled.buffer(per);
		for (byte[] event : Payloads.CHAT_CHUNK_EVENTS) {
			current.writeBytes(event);
			if (current.readableBytes() >= per) {
				parts.add(Unpooled.unreleasableBuffer(current));
				current = Unpooled.buffer(per);
			}
		}
		if (current.isReadable()) {
			parts.add(Unpooled.unreleasableBuffer(current));
		}
		return List.copyOf(parts);
	}

	/**
	 * Runs the server until the process is stopped.
	 * @param args {@code [port]}
	 * @throws InterruptedException if interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		BenchServer server = start((args.length > 0) ? Integer.parseInt(args[0]) : 0);
		System.out.println("BenchServer listening on " + server.baseUrl());
		System.out.flush();
		new CountDownLatch(1).await();
		server.stop();
	}


}
