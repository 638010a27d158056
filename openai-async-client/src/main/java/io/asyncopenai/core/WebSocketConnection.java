package io.asyncopenai.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The typed face of one {@link WebSocketSession}: the events of one API's server, and the
 * client events it takes.
 *
 * @param <S> the server's events
 * @param <C> the client's events
 */
public abstract class WebSocketConnection<S, C> {

	private final WebSocketSession<S> session;

	/**
	 * A connection over an open session.
	 * @param session the session
	 */
	protected WebSocketConnection(WebSocketSession<S> session) {
		this.session = Objects.requireNonNull(session, "session");
	}

	/**
	 * The server's events, as they arrive; see {@link WebSocketSession#events()} for how they
	 * end. Only one subscriber may listen; cancelling it closes the connection.
	 * @return the events
	 */
	public Flux<S> events() {
		return this.session.events();
	}

	/**
	 * Sends a client event.
	 * @param event the event
	 * @return completes once it is written to the connection
	 */
	public Mono<Void> send(C event) {
		return this.session.send(event);
	}

	/**
	 * Sends a client event written as JSON, as it is: for events this client has no type for.
	 * @param json the event
	 * @return completes once it is written to the connection
	 */
	public Mono<Void> sendJson(String json) {
		return this.session.sendJson(json);
	}

	/**
	 * Closes the connection normally (1000); the events complete.
	 * @return completes when the connection is closed
	 */
	public Mono<Void> close() {
		return this.session.close();
	}

	/**
	 * Closes the connection with a close code and reason; the events complete.
	 * @param code 1000, or one of 3000–4999
	 * @param reason at most 123 bytes of UTF-8
	 * @return completes when the connection is closed
	 */
	public Mono<Void> close(int code, String reason) {
		return this.session.close(code, reason);
	}

	/** Whether the connection is open and not closing. */
	public boolean isOpen() {
		return this.session.isOpen();
	}

	/** The close code and reason the connection ended with ("1000 done"), or {@code null}. */
	public @Nullable String closeStatus() {
		return this.session.closeStatus();
	}

	/** The session under this connection, to send what the typed methods do not. */
	protected WebSocketSession<S> session() {
		return this.session;
	}

}
