package io.asyncopenai.errors;

/**
 * A wait for an object to reach a final state (a file processed, a batch done, files indexed
 * in a vector store) that ran out of time. The object itself goes on as the API decides: only
 * the wait stopped.
 */
public class PollTimeoutException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	private final String lastState;

	/**
	 * An exception for a wait that ran out of time.
	 * @param message what was waited for, and for how long
	 * @param lastState the last state the API reported
	 */
	public PollTimeoutException(String message, String lastState) {
		super(message);
		this.lastState = lastState;
	}

	/** The last state the API reported, such as {@code in_progress}. */
	public String lastState() {
		return this.lastState;
	}

}
