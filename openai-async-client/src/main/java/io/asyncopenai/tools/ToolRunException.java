package io.asyncopenai.tools;

import org.jspecify.annotations.Nullable;

import io.asyncopenai.errors.OpenAIException;

/**
 * A tool run that stopped: the model still called tools after the turn limit, or a tool call
 * failed while failures are not sent to the model.
 */
public class ToolRunException extends OpenAIException {

	private static final long serialVersionUID = 1L;

	/**
	 * An exception for a run that stopped.
	 * @param message why, naming the tool or the limit
	 * @param cause the tool's failure, if any
	 */
	public ToolRunException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
