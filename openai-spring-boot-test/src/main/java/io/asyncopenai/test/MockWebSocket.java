package io.asyncopenai.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One WebSocket connection {@link MockOpenAIServer} accepted, on {@code /v1/realtime} or
 * {@code /v1/responses}: what the client sent and what the server sent, and handles to push a
 * server event, close the connection or drop it, as a test scripts it.
 */
public final class MockWebSocket {

	/** What one WebSocket protocol of the mock does with a connection. */
	interface Protocol {

		/** The connection is open: send what the server sends first. */
		void open(MockWebSocket socket);

		/** The client sent a text message. */
		void message(MockWebSocket socket, String text);

	}

	private final RecordedRequest request;

	private final String protocolName;

	private final Protocol protocol;

	private final @Nullable Fault fault;

	private final List<String> received = new ArrayList<>();

	private final List<String> sent = new ArrayList<>();

	private final AtomicInteger pings = new AtomicInteger();

	private final CountDownLatch closed = new CountDownLatch(1);

	private final List<Disposable> answers = new ArrayList<>();

	private volatile @Nullable Channel channel;

	private volatile @Nullable Integer clientCloseCode;

	private volatile @Nullable String clientCloseReason;

	private volatile boolean serverClosing;

	private volatile boolean stalled;

	private int eventsSent;

	private boolean errorSent;

	MockWebSocket(RecordedRequest request, String protocolName, Protocol protocol, @Nullable Fault fault) {
		this.request = request;
		this.protocolName = protocolName;
		this.protocol = protocol;
		this.fault = fault;
	}

	/** The handshake, as the journal recorded it. */
	public RecordedRequest request() {
		return this.request;
	}

	/** {@code realtime} or {@code responses}. */
	public String protocol() {
		return this.protocolName;
	}

	/** Every text message the client sent, in order. */
	public List<String> received() {
		synchronized (this.received) {
			return List.copyOf(this.received);
		}
	}

	/** Every text message the server sent, in order. */
	public List<String> sent() {
		synchronized (this) {
			return List.copyOf(this.sent);
		}
	}

	/**
	 * Waits until the client has sent at least {@code count} messages.
	 * @param count how many
	 * @param timeout how long to wait
	 * @return the messages
	 * @throws InterruptedException if interrupted
	 * @throws IllegalStateException if fewer arrived in time
	 */
	public List<String> awaitReceived(int count, Duration timeout) throws InterruptedException {
		return awaitSize(this.received, count, timeout, "messages from the client");
	}

	/**
	 * Waits until a list that is its own monitor (and notified on each add) holds {@code count}
	 * items.
	 */
	static <T> List<T> awaitSize(List<T> list, int count, Duration timeout, String what) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (list) {
			long remaining;
			while (list.size() < count && (remaining = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(list, remaining);
			}
			if (list.size() < count) {
				throw new IllegalStateException(
						"Expected " + count + " " + what + " within " + timeout + ", got " + list.size() + ": " + list);
			}
			return List.copyOf(list);
		}
	}

	/** How many pings the client sent. */
	public int pingsReceived() {
		return this.pings.get();
	}

	/** The code of the close frame the client sent, or {@code null} if it sent none. */
	public @Nullable Integer clientCloseCode() {
		return this.clientCloseCode;
	}

	/** The reason of the close frame the client sent, or {@code null}. */
	public @Nullable String clientCloseReason() {
		return this.clientCloseReason;
	}

	/** Whether the connection is still open. */
	public boolean isOpen() {
		return this.closed.getCount() > 0;
	}

	/**
	 * Waits until the connection is closed.
	 * @param timeout how long to wait
	 * @return whether it closed in time
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitClosed(Duration timeout) throws InterruptedException {
		return this.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Sends a text message as the server, as it is, whatever the connection's fault.
	 * @param json the message, usually an event's JSON
	 */
	public void send(String json) {
		synchronized (this) {
			write(json);
		}
	}

	/**
	 * Closes the connection from the server's side with a close frame.
	 * @param code the close code
	 * @param reason the close reason
	 */
	public void close(int code, String reason) {
		if (isOpen()) {
			sendClose(code, reason);
		}
	}

	/** Closes the TCP connection without a close frame. */
	public void drop() {
		Channel open = this.channel;
		if (open != null) {
			open.close();
		}
	}

	@Override
	public String toString() {
		return "MockWebSocket{" + this.protocolName + ", " + this.request.path() + ", open=" + isOpen() + "}";
	}

	/** Runs the connection until it closes. */
	Mono<Void> run(WebsocketInbound in, WebsocketOutbound out) {
		in.withConnection((connection) -> this.channel = connection.channel());
		Channel open = this.channel;
		// Closed once the channel is and the close status is known, so that a test that waited
		// for the close sees the client's code.
		AtomicInteger ending = new AtomicInteger(2);
		Runnable ended = () -> {
			if (ending.decrementAndGet() == 0) {
				cancelAnswers();
				this.request.end(RecordedRequest.Outcome.COMPLETED);
				this.closed.countDown();
			}
		};
		if (open != null) {
			open.closeFuture().addListener((future) -> ended.run());
		}
		else {
			ended.run();
		}
		in.receiveCloseStatus().doFinally((signal) -> ended.run()).subscribe((status) -> {
			if (!this.serverClosing) {
				this.clientCloseCode = status.code();
				this.clientCloseReason = status.reasonText();
			}
		}, (ignored) -> {
		});
		synchronized (this) {
			applyFault();
		}
		if (!this.serverClosing && isOpen()) {
			this.protocol.open(this);
		}
		return in.aggregateFrames(MockOpenAIServer.MAX_WEBSOCKET_MESSAGE).receiveFrames().doOnNext(this::onFrame).then();
	}

	private void onFrame(WebSocketFrame frame) {
		if (frame instanceof PingWebSocketFrame) {
			this.pings.incrementAndGet();
			Channel open = this.channel;
			if (!this.stalled && open != null) {
				open.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
			}
		}
		else if (frame instanceof TextWebSocketFrame text) {
			String message = text.text();
			synchronized (this.received) {
				this.received.add(message);
				this.received.notifyAll();
			}
			if (!this.stalled) {
				this.protocol.message(this, message);
			}
		}
	}

	/**
	 * Sends one event of the protocol, as the connection's fault lets it: counted, replaced by
	 * an error event, or not sent at all once the connection stalled or closed.
	 */
	void emit(String json) {
		synchronized (this) {
			if (this.stalled || this.serverClosing || !isOpen()) {
				return;
			}
			if (this.fault instanceof Fault.ErrorEvent error && !this.errorSent
					&& this.eventsSent == error.afterEvents()) {
				this.errorSent = true;
				write(this.protocolName.equals("realtime") ? RealtimeProtocol.error("server_error", error.code(),
						error.message(), null) : ResponsesProtocol.error(500, "server_error", error.code(), error.message()));
			}
			else {
				write(json);
			}
			this.eventsSent++;
			applyFault();
		}
	}

	/** Sends events one after the other, spaced by the connection's {@code delayBetweenEvents}. */
	void emitAll(List<String> events) {
		if (!(this.fault instanceof Fault.DelayBetweenEvents between) || between.delay().isZero()) {
			events.forEach(this::emit);
			return;
		}
		Disposable answer = Flux.fromIterable(events).delayElements(between.delay()).subscribe(this::emit);
		synchronized (this.answers) {
			this.answers.add(answer);
		}
	}

	/** Stops the answers being sent with a delay, as {@code response.cancel} does. */
	boolean cancelAnswers() {
		synchronized (this.answers) {
			boolean any = this.answers.stream().anyMatch((answer) -> !answer.isDisposed());
			this.answers.forEach(Disposable::dispose);
			this.answers.clear();
			return any;
		}
	}

	/** Closes with 1001, as a server going away does. */
	void goAway() {
		close(1001, "The server is going away");
	}

	/**
	 * Sends a close frame, then closes the connection. The frame is made on the event loop, so
	 * that none is left unreleased if the connection is gone by the time the task runs.
	 */
	private void sendClose(int code, String reason) {
		Channel open = this.channel;
		this.serverClosing = true;
		if (open != null) {
			open.eventLoop().execute(() -> {
				if (open.isActive()) {
					open.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
				}
			});
		}
	}

	private void write(String json) {
		Channel open = this.channel;
		if (open == null || !open.isActive()) {
			return;
		}
		this.sent.add(json);
		open.writeAndFlush(new TextWebSocketFrame(json));
	}

	private void applyFault() {
		Channel open = this.channel;
		if (this.fault instanceof Fault.CloseMidStream close && this.eventsSent >= close.events()) {
			this.serverClosing = true;
			if (open != null) {
				open.close();
			}
		}
		else if (this.fault instanceof Fault.StallMidStream stall && this.eventsSent >= stall.events()) {
			this.stalled = true;
		}
		else if (this.fault instanceof Fault.CloseWebSocket close && this.eventsSent >= close.afterEvents()
				&& !this.serverClosing) {
			sendClose(close.code(), close.reason());
		}
	}

}
