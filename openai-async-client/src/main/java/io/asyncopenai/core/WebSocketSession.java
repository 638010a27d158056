package io.asyncopenai.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.concurrent.Queues;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import io.asyncopenai.errors.APIConnectionException;
import io.asyncopenai.errors.APIException;
import io.asyncopenai.errors.APITimeoutException;
import io.asyncopenai.errors.WebSocketClosedException;
import io.asyncopenai.http.OpenAIHttpClient;
import io.asyncopenai.http.WebSocketTransport;

/**
 * One open WebSocket connection to the API that carries JSON events both ways: the Realtime
 * API and the Responses API's WebSocket mode. It runs on the transport's event loop, with no
 * thread of its own.
 *
 * <p>{@link #events()} has one subscriber. Events wait for it in a bounded queue
 * ({@link WebSocketTransport#maxQueuedEvents()}): a consumer that falls that far behind ends the
 * connection (close code 1008) and its events with a {@link WebSocketClosedException}, rather
 * than letting memory grow or holding the server back. The connection sends a ping every
 * {@link WebSocketTransport#pingInterval()} and counts as dead after
 * {@link WebSocketTransport#idleTimeout()} without any frame from the server. Nothing
 * reconnects: a connection that ends is over.
 *
 * @param <E> the type of the server's events
 */
public final class WebSocketSession<E> {

	/** Close code of a consumer that fell behind. */
	static final int POLICY_VIOLATION = 1008;

	/** Close code of a connection that went quiet. */
	static final int INTERNAL_ERROR = 1011;

	private static final int PENDING = 0;

	private static final int OPENED = 1;

	private static final int CANCELLED = 2;

	private static final byte[] PING = "asyncopenai".getBytes(StandardCharsets.US_ASCII);

	private final OpenAIHttpClient transport;

	private final JsonMapper mapper;

	private final JavaType eventType;

	private final WebsocketInbound inbound;

	private final WebsocketOutbound outbound;

	private final Channel channel;

	private final Sinks.Many<E> events;

	private final Sinks.Empty<Void> closed = Sinks.empty();

	private final AtomicBoolean closeRequested = new AtomicBoolean();

	private final int maxQueuedEvents;

	private volatile @Nullable Throwable failure;

	private volatile @Nullable WebSocketCloseStatus closeStatus;

	private @Nullable ScheduledFuture<?> pings;

	private WebSocketSession(OpenAIHttpClient transport, JsonMapper mapper, JavaType eventType,
			WebsocketInbound inbound, WebsocketOutbound outbound, Channel channel) {
		this.transport = transport;
		this.mapper = mapper;
		this.eventType = eventType;
		this.inbound = inbound;
		this.outbound = outbound;
		this.channel = channel;
		this.maxQueuedEvents = transport.webSockets().maxQueuedEvents();
		this.events = Sinks.many().unicast().onBackpressureBuffer(Queues.<E>get(this.maxQueuedEvents).get());
	}

	/**
	 * Opens a connection: the handshake is a {@code GET} of the URI with the headers, answered
	 * within the timeout; a refused handshake fails with the status's exception.
	 */
	static <E> Mono<WebSocketSession<E>> connect(OpenAIHttpClient transport, JsonMapper mapper, ErrorMapper errors,
			URI uri, Map<String, String> headers, Duration timeout, JavaType eventType) {
		WebsocketClientSpec spec = WebsocketClientSpec.builder()
			.maxFramePayloadLength(transport.webSockets().maxFrameSize())
			.build();
		return Mono.<WebSocketSession<E>>create((sink) -> {
			if (transport.isClosed()) {
				sink.error(new APIConnectionException("The client is closed", null));
				return;
			}
			// pending, then opened or cancelled (a handshake answered after its timeout is closed)
			AtomicInteger state = new AtomicInteger(PENDING);
			RefusalBody refusal = new RefusalBody();
			Disposable connection = transport.webSockets().client()
				.doOnConnected((connected) -> connected.addHandlerLast(RefusalBody.NAME, refusal))
				.responseTimeout(timeout)
				.headers((http) -> headers.forEach(http::set))
				.websocket(spec)
				.uri(uri)
				.handle((in, out) -> {
					Channel[] channel = new Channel[1];
					in.withConnection((connected) -> channel[0] = connected.channel());
					if (!state.compareAndSet(PENDING, OPENED)) {
						return Mono.empty();
					}
					WebSocketSession<E> session = new WebSocketSession<>(transport, mapper, eventType, in, out,
							Objects.requireNonNull(channel[0]));
					sink.success(session);
					return session.run(errors, timeout);
				})
				.subscribe(null, (failure) -> {
					if (state.get() != OPENED) {
						sink.error(handshakeFailure(errors, failure, timeout, refusal));
					}
				});
			sink.onCancel(() -> {
				if (state.compareAndSet(PENDING, CANCELLED)) {
					connection.dispose();
				}
			});
		}).timeout(timeout, Mono.error(() -> new APITimeoutException(
				"The WebSocket handshake was not answered within " + timeout, null)));
	}

	/**
	 * The server's events, decoded as they arrive. It completes when the server closes the
	 * connection with 1000 or after {@link #close()}; it fails with a
	 * {@link WebSocketClosedException} for any other end (with its close code and reason), and
	 * with an {@link APIException} for an event that is not JSON. Only one subscriber may listen;
	 * cancelling it closes the connection.
	 * @return the events
	 */
	public Flux<E> events() {
		return this.events.asFlux().doOnCancel(() -> close().subscribe(null, (ignored) -> {
		}));
	}

	/**
	 * Sends one event as JSON in a text frame.
	 * @param event the event
	 * @return completes once the frame is written to the connection
	 */
	public Mono<Void> send(Object event) {
		Objects.requireNonNull(event, "event");
		return Mono.defer(() -> write(this.mapper.writeValueAsBytes(event)));
	}

	/**
	 * Sends JSON text as it is, in a text frame.
	 * @param json the event's JSON
	 * @return completes once the frame is written to the connection
	 */
	public Mono<Void> sendJson(String json) {
		Objects.requireNonNull(json, "json");
		return Mono.defer(() -> write(json.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Closes the connection normally (1000); {@link #events()} completes.
	 * @return completes when the connection is closed
	 */
	public Mono<Void> close() {
		return close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "");
	}

	/**
	 * Closes the connection with a close code and reason; {@link #events()} completes.
	 * @param code the close code, 1000 or one of 3000–4999
	 * @param reason the reason, at most 123 bytes of UTF-8
	 * @return completes when the connection is closed
	 */
	public Mono<Void> close(int code, String reason) {
		return Mono.defer(() -> {
			if (this.closeRequested.compareAndSet(false, true) && this.channel.isActive()) {
				return this.outbound.sendClose(code, reason).onErrorResume((ignored) -> Mono.empty())
					.then(this.closed.asMono());
			}
			return this.closed.asMono();
		});
	}

	/** The JSON mapper events are written and read with. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/** Whether the connection is open and not closing. */
	public boolean isOpen() {
		return this.channel.isActive() && !this.closeRequested.get() && this.failure == null;
	}

	/**
	 * The close code and reason the connection ended with, once it has: the server's close
	 * frame or the client's; {@code null} while it is open and for a connection lost without a
	 * close frame.
	 * @return the code and reason, as "1000 done"
	 */
	public @Nullable String closeStatus() {
		WebSocketCloseStatus status = this.closeStatus;
		return (status != null) ? status.code() + " " + status.reasonText() : null;
	}

	private Mono<Void> write(byte[] json) {
		if (!this.channel.isActive() || this.closeRequested.get()) {
			return Mono.error(new APIConnectionException("The WebSocket connection is closed", null));
		}
		return Mono.create((sink) -> this.channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)))
			.addListener((future) -> {
				if (future.isSuccess()) {
					sink.success();
				}
				else {
					sink.error(new APIConnectionException(
							"Could not send on the WebSocket connection: " + future.cause().getMessage(),
							future.cause()));
				}
			}));
	}

	/** Reads until the connection ends, then ends the events the way it ended. */
	private Mono<Void> run(ErrorMapper errors, Duration timeout) {
		Duration pingInterval = this.transport.webSockets().pingInterval();
		if (!pingInterval.isZero()) {
			long millis = pingInterval.toMillis();
			this.pings = this.channel.eventLoop()
				.scheduleAtFixedRate(this::ping, millis, millis, TimeUnit.MILLISECONDS);
		}
		Duration idleTimeout = this.transport.webSockets().idleTimeout();
		if (!idleTimeout.isZero()) {
			this.inbound.withConnection((connection) -> connection.onReadIdle(idleTimeout.toMillis(),
					() -> abort(new WebSocketClosedException("The WebSocket connection is dead: nothing came from the "
							+ "server for " + idleTimeout + " (see webSocketIdleTimeout)", INTERNAL_ERROR,
							"no frame from the server", null), INTERNAL_ERROR)));
		}
		this.inbound.receiveCloseStatus().subscribe((status) -> this.closeStatus = status, (ignored) -> {
		});
		return this.inbound.aggregateFrames(this.transport.webSockets().maxFrameSize())
			.receiveFrames()
			.doOnNext(this::onFrame)
			.then()
			.onErrorResume((failure) -> {
				if (this.failure == null) {
					this.failure = readFailure(errors, failure, timeout);
				}
				return Mono.empty();
			})
			.then(Mono.defer(() -> this.inbound.receiveCloseStatus().onErrorResume((ignored) -> Mono.empty())))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.doOnNext((status) -> finish(status.orElse(null)))
			.doFinally((signal) -> {
				ScheduledFuture<?> scheduled = this.pings;
				if (scheduled != null) {
					scheduled.cancel(false);
				}
				finish(null);
			})
			.then();
	}

	private void onFrame(WebSocketFrame frame) {
		if (!(frame instanceof TextWebSocketFrame) || this.failure != null) {
			// pongs only prove the connection alive; the APIs send no binary frames
			return;
		}
		E event;
		try {
			event = decode(frame.content());
		}
		catch (JacksonException ex) {
			abort(new APIException("Could not read a WebSocket event: " + ex.getOriginalMessage(),
					frame.content().toString(StandardCharsets.UTF_8), ex), WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code());
			return;
		}
		Sinks.EmitResult result = this.events.tryEmitNext(event);
		if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
			abort(new WebSocketClosedException("The consumer of the WebSocket events fell " + this.maxQueuedEvents
					+ " events behind (see webSocketMaxQueuedEvents): the connection is closed", POLICY_VIOLATION,
					"the client fell behind", null), POLICY_VIOLATION);
		}
	}

	private E decode(ByteBuf content) {
		int length = content.readableBytes();
		if (content.hasArray()) {
			return this.mapper.readValue(content.array(), content.arrayOffset() + content.readerIndex(), length,
					this.eventType);
		}
		byte[] bytes = new byte[length];
		content.getBytes(content.readerIndex(), bytes);
		return this.mapper.readValue(bytes, this.eventType);
	}

	private void ping() {
		if (this.channel.isActive()) {
			this.channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(PING)));
		}
	}

	/** Ends the connection from this side because of a failure the events end with. */
	private void abort(Throwable failure, int code) {
		if (this.failure != null) {
			return;
		}
		this.failure = failure;
		this.closeRequested.set(true);
		// The events end now; the connection ends with the close handshake: the server answers
		// and closes first. Closing at once could reset the connection over the server's unread
		// frames and lose the close frame with them.
		this.events.tryEmitError(failure);
		if (this.channel.isActive()) {
			this.channel.writeAndFlush(new CloseWebSocketFrame(code, shortReason(failure)))
				.addListener((written) -> this.channel.eventLoop()
					.schedule(() -> this.channel.close(), WebSocketTransport.CLOSE_HANDSHAKE_TIMEOUT.toMillis(),
							TimeUnit.MILLISECONDS));
		}
	}

	private void finish(@Nullable WebSocketCloseStatus status) {
		Throwable failure = this.failure;
		if (failure != null) {
			this.events.tryEmitError(failure);
		}
		else if (this.transport.isClosed()) {
			this.events.tryEmitError(new WebSocketClosedException("The client was closed, and its WebSocket "
					+ "connections with it", WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), null, null));
		}
		else if (this.closeRequested.get()
				|| (status != null && status.code() == WebSocketCloseStatus.NORMAL_CLOSURE.code())) {
			this.events.tryEmitComplete();
		}
		else if (status != null) {
			String reason = status.reasonText();
			this.events.tryEmitError(new WebSocketClosedException("The server closed the WebSocket connection: "
					+ status.code() + ((reason != null && !reason.isEmpty()) ? " " + reason : ""), status.code(),
					reason, null));
		}
		else {
			this.events.tryEmitError(new WebSocketClosedException(
					"The WebSocket connection was lost without a close frame (1006)",
					WebSocketClosedException.ABNORMAL_CLOSURE, null, null));
		}
		this.closed.tryEmitEmpty();
	}

	private static String shortReason(Throwable failure) {
		String reason = (failure instanceof WebSocketClosedException closed && closed.closeReason() != null)
				? closed.closeReason() : "client error";
		return (reason.length() > 100) ? reason.substring(0, 100) : reason;
	}

	private static Throwable readFailure(ErrorMapper errors, Throwable failure, Duration timeout) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
				return new WebSocketClosedException("A WebSocket message from the server is larger than "
						+ "webSocketMaxFrameSize or malformed: " + cause.getMessage(),
						WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), null, failure);
			}
		}
		Throwable mapped = errors.transport(failure, timeout);
		return (mapped instanceof WebSocketClosedException) ? mapped
				: new WebSocketClosedException(mapped.getMessage(), WebSocketClosedException.ABNORMAL_CLOSURE, null,
						mapped);
	}

	private static Throwable handshakeFailure(ErrorMapper errors, Throwable failure, Duration timeout,
			RefusalBody refusal) {
		if (failure instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
			HttpResponse response = handshake.response();
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (String name : response.headers().names()) {
				headers.put(name.toLowerCase(Locale.ROOT), response.headers().getAll(name));
			}
			byte[] body = refusal.body;
			return errors.status(response.status().code(), headers, (body != null) ? body : new byte[0],
					refusal.truncated);
		}
		return errors.transport(failure, timeout);
	}

	/**
	 * Keeps the body of a refused handshake, which Netty's handshaker drops, so that its
	 * exception carries the API's error message as a refused request's does. It sits behind
	 * Reactor Netty's aggregator, so it sees the whole response, and leaves the pipeline after it.
	 */
	private static final class RefusalBody extends ChannelInboundHandlerAdapter {

		static final String NAME = "asyncopenai.handshakeRefusal";

		volatile byte @Nullable [] body;

		volatile boolean truncated;

		@Override
		public boolean isSharable() {
			return true;
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof FullHttpResponse response) {
				if (response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
					ByteBuf content = response.content();
					int length = Math.min(content.readableBytes(), OpenAIHttpClient.MAX_ERROR_BODY_SIZE);
					byte[] bytes = new byte[length];
					content.getBytes(content.readerIndex(), bytes);
					this.truncated = length < content.readableBytes();
					this.body = bytes;
				}
				context.pipeline().remove(this);
			}
			context.fireChannelRead(message);
		}

	}

}
