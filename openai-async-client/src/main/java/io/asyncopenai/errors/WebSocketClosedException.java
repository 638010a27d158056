package io.asyncopenai.errors;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection to the API that ended other than by a normal close: the server closed
 * it with a code other than 1000, it was lost without a close frame (1006), or the client ended
 * it (its consumer fell behind, the connection went quiet, the client was closed).
 */
public class WebSocketClosedException extends APIConnectionException {

	/** The close code of a connection lost without a close frame. */
	public static final int ABNORMAL_CLOSURE = 1006;

	private final int closeCode;

	private final @Nullable String closeReason;

	/**
	 * Creates the exception.
	 * @param message what happened
	 * @param closeCode the close code, {@link #ABNORMAL_CLOSURE} when there was no close frame
	 * @param closeReason the close frame's reason, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 */
	public WebSocketClosedException(String message, int closeCode, @Nullable String closeReason,
			@Nullable Throwable cause) {
		super(message, cause);
		this.closeCode = closeCode;
		this.closeReason = closeReason;
	}

	/** The close code: the server's, or the one the client closed with. */
	public int closeCode() {
		return this.closeCode;
	}

	/** The reason of the close frame, or {@code null} if it had none. */
	public @Nullable String closeReason() {
		return this.closeReason;
	}

}
