package io.asyncopenai.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

/**
 * A bare WebSocket client of the tests, over Reactor Netty: what the server sends is queued,
 * what the test sends goes out in order.
 */
final class WebSocketClient implements AutoCloseable {

	private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<Throwable> failure = Sinks.one();

	private final Disposable connection;

	private volatile @Nullable WebSocketCloseStatus closeStatus;

	private WebSocketClient(MockOpenAIServer server, String pathAndQuery, Map<String, String> headers) {
		this.connection = HttpClient.create()
			.headers((http) -> headers.forEach(http::set))
			.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MockOpenAIServer.MAX_WEBSOCKET_MESSAGE).build())
			.uri("ws://127.0.0.1:" + server.port() + pathAndQuery)
			.handle((in, out) -> {
				in.receiveCloseStatus().subscribe((status) -> this.closeStatus = status);
				return Mono.when(in.aggregateFrames(MockOpenAIServer.MAX_WEBSOCKET_MESSAGE)
					.receive()
					.asString()
					.doOnNext(this.messages::add)
					.then(), out.sendString(this.outgoing.asFlux()).then());
			})
			.subscribe(null, this.failure::tryEmitValue);
	}

	static WebSocketClient open(MockOpenAIServer server, String pathAndQuery) {
		return new WebSocketClient(server, pathAndQuery, Map.of("Authorization", "Bearer " + MockOpenAIServer.API_KEY));
	}

	static WebSocketClient open(MockOpenAIServer server, String pathAndQuery, Map<String, String> headers) {
		return new WebSocketClient(server, pathAndQuery, headers);
	}

	synchronized void send(String json) {
		this.outgoing.tryEmitNext(json);
	}

	/** The next message from the server. */
	JsonNode next() throws InterruptedException {
		String message = this.messages.poll(10, TimeUnit.SECONDS);
		if (message == null) {
			throw new AssertionError("No message from the server within 10 s");
		}
		return Json.read(message);
	}

	/** Messages from the server up to and including the first that matches. */
	List<JsonNode> until(Predicate<JsonNode> last) throws InterruptedException {
		List<JsonNode> received = new ArrayList<>();
		JsonNode message;
		do {
			message = next();
			received.add(message);
		}
		while (!last.test(message));
		return received;
	}

	/** Messages from the server up to and including the first of a type. */
	List<JsonNode> untilType(String type) throws InterruptedException {
		return until((message) -> message.path("type").asString("").equals(type));
	}

	/** The failure of the handshake or the connection, if one comes within the wait. */
	@Nullable Throwable failure(Duration wait) {
		return this.failure.asMono().block(wait);
	}

	/** The close status of the connection, once the server closed it or it was lost. */
	@Nullable WebSocketCloseStatus awaitCloseStatus(Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		while (this.closeStatus == null && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return this.closeStatus;
	}

	@Override
	public void close() {
		this.outgoing.tryEmitComplete();
		this.connection.dispose();
	}

}
